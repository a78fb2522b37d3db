import { AuthUser } from '@evently/auth';
import { decodeCursor, encodeCursor, Page } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { InventoryEntity } from '../inventory/inventory.entity';
import { InventoryService } from '../inventory/inventory.service';
import { StaffService } from '../staff/staff.service';
import { TicketErrorCode, TicketException } from '../ticket/ticket.exception';
import { AttendeeFilter, AttendeeRepository } from './attendee.repository';
import { Attendee, csvHeader, csvLine } from './attendee.rules';

const EXPORT_BATCH = 1000;
const isKey = (v: unknown): v is [string] =>
  Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[0]);

/** An event's attendees, for its organizer, admins and its managers: a list, and the whole as CSV. */
@Injectable()
export class AttendeeService {
  constructor(
    private readonly attendees: AttendeeRepository,
    private readonly staff: StaffService,
    private readonly inventory: InventoryService,
  ) {}

  async list(
    caller: AuthUser,
    eventId: string,
    filter: AttendeeFilter,
    limit: number,
    cursor?: string,
  ): Promise<{ event: InventoryEntity; page: Page<Attendee> }> {
    const event = await this.managed(caller, eventId);
    const after = cursor ? decodeCursor(cursor, isKey)[0] : null;
    const rows = await this.attendees.page(eventId, filter, limit + 1, after);
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor([items[items.length - 1].ticketId]) : null;
    return { event, page: { items, nextCursor } };
  }

  /**
   * The event's attendees as CSV, streamed: read a thousand at a time by keyset, so memory stays flat
   * whatever the size of the event.
   */
  async csv(caller: AuthUser, eventId: string, filter: AttendeeFilter): Promise<Readable> {
    const event = await this.managed(caller, eventId);
    const typeName = (id: string | null) => event.ticketTypes.find((t) => t.id === id)?.name ?? null;
    const attendees = this.attendees;
    const questions = await this.inventory.questionsOf(eventId);
    async function* lines() {
      yield csvHeader(questions);
      let after: string | null = null;
      for (;;) {
        const batch = await attendees.page(eventId, filter, EXPORT_BATCH, after);
        if (batch.length > 0) yield batch.map((a) => csvLine(a, typeName, questions)).join('');
        if (batch.length < EXPORT_BATCH) return;
        after = batch[batch.length - 1].ticketId;
      }
    }
    return Readable.from(lines());
  }

  private async managed(caller: AuthUser, eventId: string): Promise<InventoryEntity> {
    const event = await this.staff.door(caller, eventId, 'manager');
    if (event) return event;
    throw new TicketException(TicketErrorCode.NotEventStaff, "Only the event's organizer or its managers", {
      needs: 'manager',
    });
  }
}
