// Attendee lists and their CSV export. Pure rules, unit-tested beside.

/** One attendee: a ticket, who holds it, and where it stands at the door. */
export interface Attendee {
  ticketId: string;
  bookingId: string;
  attendeeName: string | null;
  holderName: string | null;
  holderEmail: string | null;
  ticketTypeId: string | null;
  seat: string | null;
  status: string;
  checkedInAt: Date | null;
  answers: Record<string, unknown>;
}

export const CSV_HEADER = [
  'ticket_id',
  'attendee',
  'holder',
  'holder_email',
  'ticket_type',
  'seat',
  'status',
  'checked_in_at',
];

/**
 * A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell that a spreadsheet would
 * read as a formula (it begins with = + - @, a tab or a carriage return) is neutralised with a leading
 * apostrophe, so an attendee named `=HYPERLINK(...)` stays text.
 */
export function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** An attendee as a CSV line (with its line break). */
export function csvLine(a: Attendee, typeName: (id: string | null) => string | null): string {
  return `${[
    a.ticketId,
    a.attendeeName,
    a.holderName,
    a.holderEmail,
    typeName(a.ticketTypeId),
    a.seat,
    a.status,
    a.checkedInAt?.toISOString() ?? null,
  ]
    .map(csvCell)
    .join(',')}\r\n`;
}
