import { AuthUser, CurrentUser } from '@evently/auth';
import { Page, uuidParam } from '@evently/common';
import { Controller, Get, HttpCode, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable } from 'rxjs';
import { ListNotificationsQueryDto, NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationStream } from './notification-stream';
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

  /** Server-Sent Events: `notification` events (JSON of a notification), and a `ping` every 15 s. */
  @Sse('stream')
  @ApiProduces('text/event-stream')
  live(@CurrentUser() caller: AuthUser): Observable<MessageEvent> {
    return merge(
      this.stream
        .follow(caller.id)
        .pipe(map((n): MessageEvent => ({ id: n.id, type: 'notification', data: NotificationDto.from(n) }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
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
