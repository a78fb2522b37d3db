import { AuthUser, CurrentUser, Role, Roles } from '@evently/auth';
import { AppException, CommonErrorCode, Page, Public, uuidParam } from '@evently/common';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  HttpStatus,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CancelEventDto, CreateEventDto, ListEventsQueryDto, UpdateEventDto } from './dto/event.dto';
import { canManage } from './event.rules';
import { EventDto, EventPageDto } from './dto/event-view.dto';
import { etagOf } from './etag';
import { CancelEvent } from '../use-cases/cancel-event';
import { PublishEvent } from '../use-cases/publish-event';
import { UpdateEvent } from '../use-cases/update-event';
import { EventEntity } from './event.entity';
import { EventService } from './event.service';

const ifMatchHeader = { name: 'If-Match', required: false, description: 'ETag of the version you read' };

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventController {
  constructor(
    private readonly events: EventService,
    private readonly publishEvent: PublishEvent,
    private readonly updateEvent: UpdateEvent,
    private readonly cancelEvent: CancelEvent,
  ) {}

  /** Creates a draft event (organizers and admins). */
  @Roles(Role.Organizer, Role.Admin)
  @Post()
  @ApiOkResponse({ type: EventDto })
  async create(
    @CurrentUser() caller: AuthUser,
    @Body() body: CreateEventDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<EventDto> {
    return withEtag(res, await this.events.createEvent(caller, body));
  }

  /** Published upcoming events, searchable; or the caller's own with mine=true. */
  @Public()
  @Get()
  @ApiOkResponse({ type: EventPageDto })
  async list(
    @CurrentUser() caller: AuthUser | undefined,
    @Query() query: ListEventsQueryDto,
  ): Promise<Page<EventDto>> {
    if (query.mine && !caller) {
      throw new AppException(
        HttpStatus.UNAUTHORIZED,
        CommonErrorCode.Unauthorized,
        'mine=true needs a token',
      );
    }
    const page = await this.events.listEvents(caller, query);
    const now = new Date();
    return {
      items: page.items.map((e) => EventDto.from(e, now, canManage(caller, e))),
      nextCursor: page.nextCursor,
    };
  }

  /** One event (drafts and private events: their organizer and admins only). */
  @Public()
  @Get(':id')
  @ApiOkResponse({ type: EventDto })
  async get(
    @CurrentUser() caller: AuthUser | undefined,
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<EventDto> {
    const event = await this.events.getEvent(caller, id);
    return withEtag(res, event, canManage(caller, event));
  }

  /** Changes an event (its organizer or an admin); If-Match guards against lost updates. */
  @Roles(Role.Organizer, Role.Admin)
  @Patch(':id')
  @ApiHeader(ifMatchHeader)
  @ApiOkResponse({ type: EventDto })
  async update(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<EventDto> {
    return withEtag(res, await this.updateEvent.execute(caller, id, body, ifMatch));
  }

  /** Publishes a draft: it goes on sale. */
  @Roles(Role.Organizer, Role.Admin)
  @Post(':id/publish')
  @HttpCode(200)
  @ApiHeader(ifMatchHeader)
  @ApiOkResponse({ type: EventDto })
  async publish(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<EventDto> {
    return withEtag(res, await this.publishEvent.execute(caller, id, ifMatch));
  }

  /** Cancels a published event: its bookings are cancelled and everyone is told. */
  @Roles(Role.Organizer, Role.Admin)
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiHeader(ifMatchHeader)
  @ApiOkResponse({ type: EventDto })
  async cancel(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: CancelEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<EventDto> {
    return withEtag(res, await this.cancelEvent.execute(caller, id, body.reason, ifMatch));
  }

  /** Deletes a draft. */
  @Roles(Role.Organizer, Role.Admin)
  @Delete(':id')
  @HttpCode(204)
  @ApiHeader(ifMatchHeader)
  async remove(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.events.deleteEvent(caller, id, ifMatch);
  }
}

function withEtag(res: FastifyReply, event: EventEntity, showHidden = true): EventDto {
  void res.header('ETag', etagOf(event.version));
  return EventDto.from(event, new Date(), showHidden);
}
