import { everyDay, formatMoney, fromMinorUnits, parseGuests, toMinorUnits } from './format';

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

describe('money', () => {
  it('shows integer minor units in the currency, and free as Free', () => {
    expect(formatMoney({ amount: 2550, currency: 'EUR' })).toBe('€25.50');
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('JP¥1,500');
    expect(formatMoney({ amount: 0, currency: 'EUR' })).toBe('Free');
  });

  it('reads a typed price as minor units, and refuses what is not one', () => {
    expect(toMinorUnits('25', 'EUR')).toBe(2500);
    expect(toMinorUnits('25.5', 'EUR')).toBe(2550);
    expect(toMinorUnits('0.07', 'EUR')).toBe(7);
    expect(toMinorUnits('1500', 'JPY')).toBe(1500);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(toMinorUnits('15.5', 'JPY')).toBeNaN();
    expect(toMinorUnits('25.555', 'EUR')).toBeNaN();
    expect(toMinorUnits('-3', 'EUR')).toBeNaN();
    expect(fromMinorUnits(2550, 'EUR')).toBe('25.50');
    expect(fromMinorUnits(1500, 'JPY')).toBe('1500');
  });
});
