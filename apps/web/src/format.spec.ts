import { execFileSync } from 'node:child_process';
import { everyDay, formatWhen, isoToLocal, localToIso, parseGuests } from './format';

describe('dashboard helpers', () => {
  // A browser's time zone is fixed for the process, so each zone runs the function in a Node of its own.
  const inZone = (tz: string, fn: (arg: string) => string, arg: string): string =>
    execFileSync(
      process.execPath,
      ['-e', `process.stdout.write((${fn.toString()})(${JSON.stringify(arg)}))`],
      {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      },
    );

  it.each([
    ['Europe/Lisbon', '2027-01-15T19:30', '2027-01-15T19:30:00+00:00'],
    ['Europe/Lisbon', '2027-07-15T19:30', '2027-07-15T19:30:00+01:00'],
    ['America/New_York', '2027-01-15T19:30', '2027-01-15T19:30:00-05:00'],
    ['Asia/Kolkata', '2027-01-15T19:30', '2027-01-15T19:30:00+05:30'],
    ['America/St_Johns', '2027-01-15T19:30', '2027-01-15T19:30:00-03:30'],
  ])('writes local time in %s with its offset, and reads it back', (tz, local, iso) => {
    expect(inZone(tz, localToIso, local)).toBe(iso);
    expect(inZone(tz, isoToLocal, iso)).toBe(local);
  });

  it('leaves what is not a date for the API to refuse', () => {
    expect(localToIso('')).toBe('');
    expect(localToIso('tomorrow')).toBe('tomorrow');
  });

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

describe('formatWhen', () => {
  it.each([
    ['2026-12-24T19:30:00Z', 'Europe/Lisbon', 'Thu 24 Dec, 19:30 WET'],
    ['2026-12-24T19:30:00Z', 'America/New_York', 'Thu 24 Dec, 14:30 EST'],
    ['2026-12-24T19:30:00Z', 'Asia/Kolkata', 'Fri 25 Dec, 01:00 IST'],
    ['2027-07-01T08:05:00Z', 'Europe/Berlin', 'Thu 1 Jul, 10:05 CEST'],
    ['2026-12-24T19:30:00Z', 'Asia/Tokyo', 'Fri 25 Dec, 04:30 GMT+9'],
    ['2026-12-24T19:30:00Z', 'UTC', 'Thu 24 Dec, 19:30 UTC'],
  ])('shows %s in %s as %s', (iso, zone, shown) => {
    expect(formatWhen(iso, zone)).toBe(shown);
  });
});
