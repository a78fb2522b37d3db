import { AuthUser, CurrentUser } from '@evently/auth';
import { Page, uuidParam } from '@evently/common';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BookingDto, bookingResponse } from '../booking/dto/booking.dto';
import { idempotencyKeyOf } from '../idempotency/idempotency.service';
import { AcceptOffer } from '../use-cases/accept-offer';
import { JoinWaitlist } from '../use-cases/join-waitlist';
import { WithdrawFromWaitlist } from '../use-cases/withdraw-from-waitlist';
import {
  AcceptOfferDto,
  JoinWaitlistDto,
  ListWaitlistQueryDto,
  WaitlistEntryDto,
  WaitlistPageDto,
} from './dto/waitlist.dto';
import { WaitlistService } from './waitlist.service';

@ApiTags('waitlist')
@ApiBearerAuth()
@Controller('waitlist')
export class WaitlistController {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly joinWaitlist: JoinWaitlist,
    private readonly withdraw: WithdrawFromWaitlist,
    private readonly acceptOffer: AcceptOffer,
  ) {}

  /** Joins a sold-out event's waiting list. */
  @Post()
  @ApiCreatedResponse({ type: WaitlistEntryDto })
  async join(@CurrentUser() caller: AuthUser, @Body() body: JoinWaitlistDto): Promise<WaitlistEntryDto> {
    return WaitlistEntryDto.from(
      await this.joinWaitlist.execute(caller, body.eventId, body.quantity, body.ticketTypeId),
    );
  }

  /** The caller's entries, newest first. */
  @Get()
  @ApiOkResponse({ type: WaitlistPageDto })
  async listMine(
    @CurrentUser() caller: AuthUser,
    @Query() query: ListWaitlistQueryDto,
  ): Promise<Page<WaitlistEntryDto>> {
    const page = await this.waitlist.listMine(caller, query.limit, query.cursor);
    return { items: page.items.map((e) => WaitlistEntryDto.from(e)), nextCursor: page.nextCursor };
  }

  /** An event's entries in joining order, for its organizer or an admin. */
  @Get('event/:eventId')
  @ApiOkResponse({ type: WaitlistPageDto })
  async listForEvent(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Query() query: ListWaitlistQueryDto,
  ): Promise<Page<WaitlistEntryDto>> {
    const page = await this.waitlist.listForEvent(caller, eventId, query.limit, query.cursor);
    return { items: page.items.map((e) => WaitlistEntryDto.from(e)), nextCursor: page.nextCursor };
  }

  /** Leaves the list; places held for an offer pass to the next entry. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async leave(@CurrentUser() caller: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.withdraw.leave(caller, id);
  }

  /**
   * Accepts an offer: books the places held for it.
   *
   * 201 with the booking; under an Idempotency-Key the first answer is sent again, as for POST /bookings.
   */
  @Post(':id/accept')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key, same answer, for 24 h' })
  @ApiCreatedResponse({ type: BookingDto })
  async accept(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
    @Body() body: AcceptOfferDto = {},
  ): Promise<unknown> {
    const key = idempotencyKeyOf(idempotencyKey);
    const response = await this.acceptOffer.execute(caller, id, key, bookingResponse, body.promoCode);
    void res.status(response.status);
    return response.body;
  }

  /** Declines an open offer; its places pass on. */
  @Post(':id/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WaitlistEntryDto })
  async decline(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<WaitlistEntryDto> {
    return WaitlistEntryDto.from(await this.withdraw.decline(caller, id));
  }
}
