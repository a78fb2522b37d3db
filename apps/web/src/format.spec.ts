import { everyDay, parseGuests } from './format';

describe('dashboard helpers', () => {
  it('reads one guest per line, with or without a name', () => {
    expect(
      parseGuests('Ann Guest <ann@example.com>\n\n  bob@example.com  \ncy@example.com, Cy, Jr\n'),
    ).toEqual([
      { email: 'ann@example.com', name: 'Ann Guest' },
      { email: 'bob@example.com' },
      { email: 'cy@example.com', name: 'Cy, Jr' },
    ]);
    expect(parseGuests('<dee@example.com>')).toEqual([{ email: 'dee@example.com' }]);
  });

  it('fills the days without sales up to today, at most 60', () => {
    const sold = (date: string, tickets = 1) => ({ date, tickets, cancellations: 0 });
    expect(everyDay([], new Date('2027-03-05T12:00:00Z'))).toEqual([]);
    const days = everyDay([sold('2027-03-01', 3), sold('2027-03-03', 2)], new Date('2027-03-05T12:00:00Z'));
    expect(days.map((d) => `${d.date}:${d.tickets}`)).toEqual([
      '2027-03-01:3',
      '2027-03-02:0',
      '2027-03-03:2',
      '2027-03-04:0',
      '2027-03-05:0',
    ]);
    const long = everyDay([sold('2026-01-01')], new Date('2027-03-05T00:00:00Z'));
    expect(long).toHaveLength(60);
    expect(long[59].date).toBe('2027-03-05');
  });
});
