import type { TicketType } from '@evently/contracts';

// Who came: check-in rates of an event and of each of its ticket types. Pure rules, unit-tested beside.

/** Valid tickets of a type, and how many of them were checked in. */
export interface TypeCheckIns {
  ticketTypeId: string | null;
  expected: number;
  checkedIn: number;
}

const rateOf = (checkedIn: number, expected: number) =>
  expected === 0 ? 0 : Math.round((checkedIn / expected) * 1000) / 1000;

/**
 * The event's check-ins: expected (valid tickets), checked in, their rate (0..1, three decimals), and once
 * the event has ended the no-shows (null before: everyone may still come); and the same per type, in the
 * event's type order (a type without tickets shows 0 of 0).
 */
export function checkInSummary(rows: TypeCheckIns[], types: TicketType[], ended: boolean) {
  const expected = rows.reduce((sum, r) => sum + r.expected, 0);
  const checkedIn = rows.reduce((sum, r) => sum + r.checkedIn, 0);
  return {
    expected,
    checkedIn,
    rate: rateOf(checkedIn, expected),
    noShows: ended ? expected - checkedIn : null,
    byType: types.map((t) => {
      const row = rows.find((r) => r.ticketTypeId === t.id) ?? { expected: 0, checkedIn: 0 };
      return {
        ticketTypeId: t.id,
        name: t.name,
        expected: row.expected,
        checkedIn: row.checkedIn,
        rate: rateOf(row.checkedIn, row.expected),
      };
    }),
  };
}
