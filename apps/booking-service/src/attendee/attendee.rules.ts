import type { Question } from '@evently/contracts';

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

/** The export's header line: the fixed columns, then one per question (its label). */
export const csvHeader = (questions: Question[]): string =>
  `${[...CSV_HEADER, ...questions.map((q) => q.label)].map(csvCell).join(',')}\r\n`;

/** An answer as a cell: a ticked box is "yes", an unticked one "no", unanswered is empty. */
const answerCell = (value: unknown): string | null => {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
};

/** An attendee as a CSV line (with its line break), its answers in the questions' order. */
export function csvLine(
  a: Attendee,
  typeName: (id: string | null) => string | null,
  questions: Question[] = [],
): string {
  return `${[
    a.ticketId,
    a.attendeeName,
    a.holderName,
    a.holderEmail,
    typeName(a.ticketTypeId),
    a.seat,
    a.status,
    a.checkedInAt?.toISOString() ?? null,
    ...questions.map((q) => answerCell(a.answers[q.id])),
  ]
    .map(csvCell)
    .join(',')}\r\n`;
}
