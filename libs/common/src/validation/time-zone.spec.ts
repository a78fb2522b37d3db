import { isTimeZone } from './time-zone';

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Lisbon', 'America/New_York', 'Asia/Kolkata', 'Asia/Calcutta', 'America/St_Johns'])(
    'takes %s',
    (zone) => expect(isTimeZone(zone)).toBe(true),
  );

  it.each([
    '',
    'utc',
    'europe/lisbon',
    'Mars/Olympus',
    '+05:30',
    'GMT+5:30',
    'PT',
    'Europe/Lisbon ',
    42,
    null,
  ])('refuses %p', (zone) => expect(isTimeZone(zone)).toBe(false));
});
