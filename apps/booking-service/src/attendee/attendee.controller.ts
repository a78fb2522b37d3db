import { AuthUser, CurrentUser } from '@evently/auth';
import { uuidParam } from '@evently/common';
import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AttendeeService } from './attendee.service';
import { AttendeeDto, AttendeeFilterDto, AttendeePageDto, ListAttendeesQueryDto } from './dto/attendee.dto';

/** An event's attendees: its organizer, admins and its managers (the gateway routes these here). */
@ApiTags('attendees')
@ApiBearerAuth()
@Controller('events/:eventId')
export class AttendeeController {
  constructor(private readonly attendees: AttendeeService) {}

  /** Valid tickets with their attendees and holders, in ticket order, by type and checked in or not. */
  @Get('attendees')
  @ApiOkResponse({ type: AttendeePageDto })
  async list(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Query() query: ListAttendeesQueryDto,
  ): Promise<AttendeePageDto> {
    const filter = { ticketTypeId: query.ticketTypeId, checkedIn: query.checkedIn };
    const { event, page } = await this.attendees.list(caller, eventId, filter, query.limit, query.cursor);
    const typeName = (id: string | null) => event.ticketTypes.find((t) => t.id === id)?.name ?? null;
    return {
      items: page.items.map((a) => AttendeeDto.from(a, typeName(a.ticketTypeId))),
      nextCursor: page.nextCursor,
    };
  }

  /** The same as CSV, streamed whatever its size; cells a spreadsheet would run as formulas are defused. */
  @Get('attendees.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async csv(
    @CurrentUser() caller: AuthUser,
    @Param('eventId', uuidParam()) eventId: string,
    @Query() query: AttendeeFilterDto,
  ): Promise<StreamableFile> {
    const stream = await this.attendees.csv(caller, eventId, query);
    return new StreamableFile(stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="attendees-${eventId}.csv"`,
    });
  }
}
