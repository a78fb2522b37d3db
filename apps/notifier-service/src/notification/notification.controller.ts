import { AuthUser, CurrentUser } from '@evently/auth';
import { Page, uuidParam } from '@evently/common';
import { Controller, Get, HttpCode, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable, takeWhile } from 'rxjs';
import { ListNotificationsQueryDto, NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationStream, StreamItem } from './notification-stream';
import { NotificationService } from './notification.service';

const HEARTBEAT_MS = 15_000;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationController {
  constructor(
    private readonly notifications: NotificationService,
    private readonly stream: NotificationStream,
  ) {}

  /** The caller's notifications, newest first. */
  @Get()
  @ApiOkResponse({ type: NotificationPageDto })
  async list(
    @CurrentUser() caller: AuthUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<Page<NotificationDto>> {
    const page = await this.notifications.list(caller, query);
    return { items: page.items.map((n) => NotificationDto.from(n)), nextCursor: page.nextCursor };
  }

  /**
   * Server-Sent Events: `notification` events (JSON of a notification), and a `ping` every 15 s. A stream
   * ends with a last `replaced` event when its user opens more than STREAMS_PER_USER (the oldest gives
   * way), or `revoked` when the token it was opened with is revoked.
   */
  @Sse('stream')
  @ApiProduces('text/event-stream')
  live(@CurrentUser() caller: AuthUser): Observable<MessageEvent> {
    return merge(
      this.stream.follow(caller).pipe(map(toMessageEvent)),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    ).pipe(takeWhile((event) => event.type === 'notification' || event.type === 'ping', true));
  }

  /** Marks a notification read. */
  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  async markRead(
    @CurrentUser() caller: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<NotificationDto> {
    return NotificationDto.from(await this.notifications.markRead(caller, id));
  }
}

function toMessageEvent(item: StreamItem): MessageEvent {
  if (item.kind === 'notification') {
    const n = item.notification;
    return { id: n.id, type: 'notification', data: NotificationDto.from(n) };
  }
  return { type: item.kind, data: { reason: item.kind } };
}
