import { effectiveStatus, EventStatus, StoredEventStatus } from './event-status';

describe('effectiveStatus', () => {
  const now = new Date('2027-01-01T12:00:00Z');
  it('is completed once a published event has ended, and stored status otherwise', () => {
    expect(effectiveStatus(StoredEventStatus.Published, new Date('2027-01-01T12:00:00Z'), now)).toBe(
      EventStatus.Completed,
    );
    expect(effectiveStatus(StoredEventStatus.Published, new Date('2027-01-01T12:00:01Z'), now)).toBe(
      EventStatus.Published,
    );
    expect(effectiveStatus(StoredEventStatus.Cancelled, new Date('2026-01-01T00:00:00Z'), now)).toBe(
      EventStatus.Cancelled,
    );
    expect(effectiveStatus(StoredEventStatus.Draft, new Date('2026-01-01T00:00:00Z'), now)).toBe(
      EventStatus.Draft,
    );
  });
});
