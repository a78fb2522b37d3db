import { AuthUser, CurrentUser } from '@evently/auth';
import { uuidParam } from '@evently/common';
import { Controller, Get, MessageEvent, Param, Post, Query, Res, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { interval, map, merge, Observable } from 'rxjs';
import { QueueStatusDto, QueueTokenQueryDto } from './dto/queue.dto';
import { QueueService } from './queue.service';
import { QueueWatch } from './queue-watch';

const HEARTBEAT_MS = 15_000;

/** An event's on-sale queue, as visitors use it (the gateway routes /events/:id/queue here). */
@ApiTags('queue')
@ApiBearerAuth()
@Controller('events/:eventId/queue')
export class QueueController {
  constructor(
    private readonly queue: QueueService,
    private readonly watch: QueueWatch,
  ) {}

  /**
   * Joins the line: 201 with a token (position null until the sale opens and places everyone who joined
   * before it at random); 200 with the same place when the account holds one already.
   */
  @Post()
  @ApiCreatedResponse({ type: QueueStatusDto })
  async join(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<QueueStatusDto> {
    const { status, joined } = await this.queue.join(caller, eventId);
    void res.status(joined ? 201 : 200);
    return QueueStatusDto.from(status);
  }

  /** Where the caller's place stands: position, estimated wait, and once admitted the pass. */
  @Get()
  @ApiOkResponse({ type: QueueStatusDto })
  async status(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Query() query: QueueTokenQueryDto,
  ): Promise<QueueStatusDto> {
    return QueueStatusDto.from(await this.queue.status(caller, eventId, query.token));
  }

  /** The same, live (Server-Sent Events): a `status` event at once and on every change, a `ping` every 15 s. */
  @Sse('stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: QueueStatusDto, description: 'The data of each `status` event' })
  async live(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Query() query: QueueTokenQueryDto,
  ): Promise<Observable<MessageEvent>> {
    const statuses = await this.watch.follow(caller, eventId, query.token);
    return merge(
      statuses.pipe(map((status): MessageEvent => ({ type: 'status', data: status }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }
}
