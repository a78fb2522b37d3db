import { AuthUser, CurrentUser } from '@evently/auth';
import { uuidParam } from '@evently/common';
import { Body, Controller, Delete, Get, HttpCode, MessageEvent, Param, Post, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable } from 'rxjs';
import { CheckInSummaryDto } from '../analytics/dto/analytics.dto';
import { CheckinService } from './checkin.service';
import { DoorCounter } from './door-counter';
import {
  CheckinBundleDto,
  DoorTicketDto,
  ScanBatchDto,
  ScanDto,
  ScanOutcomeDto,
  ScanOutcomeListDto,
} from './dto/checkin.dto';

const HEARTBEAT_MS = 15_000;

/** An event's door: its organizer, admins and its staff (the gateway routes these here, not to events). */
@ApiTags('check-in')
@ApiBearerAuth()
@Controller('events/:eventId')
export class CheckinController {
  constructor(
    private readonly checkins: CheckinService,
    private readonly counter: DoorCounter,
  ) {}

  /** Checks a ticket in by its code: `ok` once; any other scan says why not (and when it was checked in). */
  @Post('checkins')
  @HttpCode(200)
  @ApiOkResponse({ type: ScanOutcomeDto })
  async scan(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Body() body: ScanDto,
  ): Promise<ScanOutcomeDto> {
    return ScanOutcomeDto.from(await this.checkins.scan(caller, eventId, body.code, body.deviceId));
  }

  /**
   * The door counter, live (Server-Sent Events): a `count` event with checked in and expected, in all and
   * per ticket type, at once and whenever a scan changes it (on any instance), and a `ping` every 15 s.
   */
  @Sse('checkins/stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: CheckInSummaryDto, description: 'The data of each `count` event' })
  async live(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
  ): Promise<Observable<MessageEvent>> {
    await this.checkins.door(caller, eventId, 'door');
    return merge(
      this.counter.follow(eventId).pipe(map((count): MessageEvent => ({ type: 'count', data: count }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }

  /** Scans made offline: the earliest scan of a ticket wins; syncing the same batch again changes nothing. */
  @Post('checkins/batch')
  @HttpCode(200)
  @ApiOkResponse({ type: ScanOutcomeListDto })
  async batch(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Body() body: ScanBatchDto,
  ): Promise<ScanOutcomeListDto> {
    const scans = body.scans.map((s) => ({ ...s, scannedAt: new Date(s.scannedAt) }));
    return { items: (await this.checkins.batch(caller, eventId, scans)).map((o) => ScanOutcomeDto.from(o)) };
  }

  /** Undoes a check-in (the event's managers). */
  @Delete('checkins/:ticketId')
  @ApiOkResponse({ type: DoorTicketDto })
  async undo(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Param('ticketId', uuidParam()) ticketId: string,
  ): Promise<DoorTicketDto> {
    return DoorTicketDto.from(await this.checkins.undo(caller, eventId, ticketId));
  }

  /** What a door device keeps to check codes in offline. */
  @Get('checkin-bundle')
  @ApiOkResponse({ type: CheckinBundleDto })
  async bundle(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
  ): Promise<CheckinBundleDto> {
    const bundle = await this.checkins.bundle(caller, eventId);
    return {
      ...bundle,
      generatedAt: bundle.generatedAt.toISOString(),
      tickets: bundle.tickets.map((t) => DoorTicketDto.from(t)),
    };
  }
}
