import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Attendee } from './attendee.rules';

interface AttendeeRow {
  ticket_id: string;
  booking_id: string;
  attendee_name: string | null;
  holder_name: string | null;
  holder_email: string | null;
  ticket_type_id: string | null;
  seat: string | null;
  status: string;
  checked_in_at: Date | null;
  answers: Record<string, unknown>;
}

const toAttendee = (r: AttendeeRow): Attendee => ({
  ticketId: r.ticket_id,
  bookingId: r.booking_id,
  attendeeName: r.attendee_name,
  holderName: r.holder_name,
  holderEmail: r.holder_email,
  ticketTypeId: r.ticket_type_id,
  seat: r.seat,
  status: r.status,
  checkedInAt: r.checked_in_at,
  answers: r.answers,
});

/** Which attendees a list shows. */
export interface AttendeeFilter {
  ticketTypeId?: string;
  checkedIn?: boolean;
  /** Voided tickets are left out unless asked for. */
  includeVoided?: boolean;
}

/** Reads attendees: tickets with their holders (the people replica); writes nothing. */
@Injectable()
export class AttendeeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` attendees of the event after ticket id `after`, in ticket id order. */
  async page(
    eventId: string,
    filter: AttendeeFilter,
    limit: number,
    after: string | null,
  ): Promise<Attendee[]> {
    const rows = await this.dataSource.query<AttendeeRow[]>(
      `SELECT t.id AS ticket_id, t.booking_id, t.attendee_name, p.full_name AS holder_name, p.email AS holder_email,
              t.ticket_type_id, t.seat, t.status, t.checked_in_at, t.answers
       FROM tickets t LEFT JOIN people p ON p.user_id = t.user_id
       WHERE t.event_id = $1
         AND ($2::uuid IS NULL OR t.ticket_type_id = $2)
         AND ($3::boolean IS NULL OR (t.checked_in_at IS NOT NULL) = $3)
         AND ($4 OR t.status = 'valid')
         AND ($5::uuid IS NULL OR t.id > $5)
       ORDER BY t.id LIMIT $6`,
      [
        eventId,
        filter.ticketTypeId ?? null,
        filter.checkedIn ?? null,
        filter.includeVoided ?? false,
        after,
        limit,
      ],
    );
    return rows.map(toAttendee);
  }
}
