import { AuthUser, CurrentUser } from '@evently/auth';
import { Page, Public, uuidParam } from '@evently/common';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateInvitationsDto,
  InvitationDto,
  InvitationPageDto,
  InvitationsCreatedDto,
  ListInvitationsQueryDto,
  RsvpDto,
  RsvpSummaryDto,
  TokenRsvpDto,
} from './dto/invitation.dto';
import { RespondToInvitation } from '../use-cases/respond-to-invitation';
import { InvitationService } from './invitation.service';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationController {
  constructor(
    private readonly invitations: InvitationService,
    private readonly respondToInvitation: RespondToInvitation,
  ) {}

  /** Invites guests to a published event (its organizer or an admin); addresses already invited are skipped. */
  @Post()
  @ApiCreatedResponse({ type: InvitationsCreatedDto })
  async invite(
    @CurrentUser() caller: AuthUser,
    @Body() body: CreateInvitationsDto,
  ): Promise<InvitationsCreatedDto> {
    const { items, skipped } = await this.invitations.invite(caller, body);
    return { items: items.map((i) => InvitationDto.from(i)), skipped };
  }

  /** Invitations addressed to the caller's email, newest first. */
  @Get('mine')
  @ApiOkResponse({ type: InvitationPageDto })
  async listMine(
    @CurrentUser() caller: AuthUser,
    @Query() query: ListInvitationsQueryDto,
  ): Promise<Page<InvitationDto>> {
    const page = await this.invitations.listMine(caller, query.limit, query.cursor);
    return { items: page.items.map((i) => InvitationDto.from(i)), nextCursor: page.nextCursor };
  }

  /** Answers with the token of the emailed link; no account needed. */
  @Public()
  @Post('rsvp')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InvitationDto })
  async respondWithToken(@Body() body: TokenRsvpDto): Promise<InvitationDto> {
    const { token, ...answer } = body;
    return InvitationDto.from(await this.respondToInvitation.execute({ token }, answer));
  }

  /** Answers an invitation addressed to the caller's email. */
  @Post(':id/rsvp')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InvitationDto })
  async respond(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: RsvpDto,
  ): Promise<InvitationDto> {
    return InvitationDto.from(await this.respondToInvitation.execute({ caller, invitationId: id }, body));
  }

  /** An event's invitations and answers, oldest first, for its organizer or an admin. */
  @Get('event/:eventId')
  @ApiOkResponse({ type: InvitationPageDto })
  async listForEvent(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Query() query: ListInvitationsQueryDto,
  ): Promise<Page<InvitationDto>> {
    const page = await this.invitations.listForEvent(caller, eventId, query.limit, query.cursor);
    return { items: page.items.map((i) => InvitationDto.from(i)), nextCursor: page.nextCursor };
  }

  /** Counts of an event's invitations by answer, and its deadline. */
  @Get('event/:eventId/summary')
  @ApiOkResponse({ type: RsvpSummaryDto })
  async summary(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
  ): Promise<RsvpSummaryDto> {
    return RsvpSummaryDto.from(await this.invitations.summary(caller, eventId));
  }
}
