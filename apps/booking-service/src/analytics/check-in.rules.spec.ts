import { makeTicketType } from '@evently/testing/facts';
import { checkInSummary } from './check-in.rules';

describe('check-in summary', () => {
  const types = [makeTicketType({ id: 'std', name: 'Standard' }), makeTicketType({ id: 'vip', name: 'VIP' })];

  it('rates check-ins per event and type, and counts no-shows only once the event has ended', () => {
    const rows = [{ ticketTypeId: 'std', expected: 3, checkedIn: 2 }];
    expect(checkInSummary(rows, types, false)).toEqual({
      expected: 3,
      checkedIn: 2,
      rate: 0.667,
      noShows: null,
      byType: [
        { ticketTypeId: 'std', name: 'Standard', expected: 3, checkedIn: 2, rate: 0.667 },
        { ticketTypeId: 'vip', name: 'VIP', expected: 0, checkedIn: 0, rate: 0 },
      ],
    });
    expect(checkInSummary(rows, types, true).noShows).toBe(1);
    expect(checkInSummary([], types, true)).toMatchObject({ expected: 0, rate: 0, noShows: 0 });
  });
});
