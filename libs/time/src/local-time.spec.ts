import { formatWhen, instantToZoned, offsetMinutes, zonedToInstant } from './local-time';

describe('local time of an event', () => {
  it.each([
    ['2026-12-24T19:30:00Z', 'Europe/Lisbon', 'Thu 24 Dec, 19:30 WET'],
    ['2026-12-24T19:30:00Z', 'America/New_York', 'Thu 24 Dec, 14:30 EST'],
    ['2027-07-04T19:30:00Z', 'America/New_York', 'Sun 4 Jul, 15:30 EDT'],
    ['2026-12-24T19:30:00Z', 'Asia/Kolkata', 'Fri 25 Dec, 01:00 IST'],
    ['2027-07-01T08:05:00Z', 'Europe/Berlin', 'Thu 1 Jul, 10:05 CEST'],
    ['2026-12-24T19:30:00Z', 'Asia/Tokyo', 'Fri 25 Dec, 04:30 GMT+9'],
    ['2026-12-24T19:30:00Z', 'UTC', 'Thu 24 Dec, 19:30 UTC'],
  ])('shows %s in %s as %s', (iso, zone, shown) => {
    expect(formatWhen(iso, zone)).toBe(shown);
    expect(formatWhen(new Date(iso), zone)).toBe(shown);
  });

  it.each([
    ['Europe/Lisbon', '2027-01-15T19:30', '2027-01-15T19:30:00+00:00'],
    ['Europe/Lisbon', '2027-07-15T19:30', '2027-07-15T19:30:00+01:00'],
    ['America/New_York', '2027-01-15T19:30', '2027-01-15T19:30:00-05:00'],
    ['Asia/Kolkata', '2027-01-15T19:30', '2027-01-15T19:30:00+05:30'],
    ['America/St_Johns', '2027-01-15T19:30', '2027-01-15T19:30:00-03:30'],
    ['Pacific/Chatham', '2027-01-15T19:30', '2027-01-15T19:30:00+13:45'],
  ])('reads wall-clock time in %s with its offset, and writes it back', (zone, local, iso) => {
    expect(zonedToInstant(local, zone)).toBe(iso);
    expect(instantToZoned(iso, zone)).toBe(local);
  });

  it('takes the first of a time shown twice, and moves a skipped time forward by the gap', () => {
    // New York: clocks go back from 02:00 EDT to 01:00 EST on 7 November 2027, forward on 14 March 2027.
    expect(zonedToInstant('2027-11-07T01:30', 'America/New_York')).toBe('2027-11-07T01:30:00-04:00');
    const skipped = zonedToInstant('2027-03-14T02:30', 'America/New_York');
    expect(instantToZoned(skipped, 'America/New_York')).toBe('2027-03-14T03:30');
    expect(offsetMinutes(new Date('2027-03-14T12:00:00Z'), 'America/New_York')).toBe(-240);
  });

  it('leaves what is not a date for the API to refuse', () => {
    expect(zonedToInstant('', 'UTC')).toBe('');
    expect(zonedToInstant('tomorrow', 'UTC')).toBe('tomorrow');
    expect(zonedToInstant('2027-13-45T10:00', 'UTC')).toBe('2027-13-45T10:00');
  });
});
