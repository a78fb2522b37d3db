import { movesIntoPast, nextStatus } from './event-lifecycle';
import { EventStatus, StoredEventStatus } from './event-status';

const now = new Date('2027-01-01T12:00:00Z');
const ahead = new Date('2027-02-01T12:00:00Z');
const past = new Date('2026-12-01T12:00:00Z');

describe('event lifecycle', () => {
  it('publishes a draft whose start is ahead', () => {
    expect(nextStatus(EventStatus.Draft, 'publish', ahead, now)).toEqual({ to: StoredEventStatus.Published });
  });

  it('refuses to publish a draft that has started', () => {
    expect(nextStatus(EventStatus.Draft, 'publish', past, now)).toMatchObject({ refused: 'STARTS_IN_PAST' });
  });

  it('refuses to publish twice', () => {
    expect(nextStatus(EventStatus.Published, 'publish', ahead, now)).toEqual({
      refused: 'INVALID_EVENT_STATE',
      message: 'A published event cannot be published',
    });
  });

  it('cancels only a published event, and hints that a draft is deleted instead', () => {
    expect(nextStatus(EventStatus.Published, 'cancel', ahead, now)).toEqual({
      to: StoredEventStatus.Cancelled,
    });
    expect(nextStatus(EventStatus.Draft, 'cancel', ahead, now)).toMatchObject({
      message: 'A draft event cannot be cancelled (delete a draft instead)',
    });
    expect(nextStatus(EventStatus.Completed, 'cancel', past, now)).toMatchObject({
      refused: 'INVALID_EVENT_STATE',
    });
  });

  it('edits drafts and published events only', () => {
    expect(nextStatus(EventStatus.Draft, 'edit', past, now)).toEqual({ to: StoredEventStatus.Draft });
    expect(nextStatus(EventStatus.Published, 'edit', ahead, now)).toEqual({
      to: StoredEventStatus.Published,
    });
    expect(nextStatus(EventStatus.Cancelled, 'edit', ahead, now)).toMatchObject({
      refused: 'INVALID_EVENT_STATE',
    });
    expect(nextStatus(EventStatus.Completed, 'edit', past, now)).toMatchObject({
      refused: 'INVALID_EVENT_STATE',
    });
  });

  it('deletes drafts only', () => {
    expect(nextStatus(EventStatus.Draft, 'delete', ahead, now)).toEqual({ to: 'deleted' });
    expect(nextStatus(EventStatus.Published, 'delete', ahead, now)).toMatchObject({
      refused: 'INVALID_EVENT_STATE',
    });
  });

  it('keeps a published start from moving into the past; a draft may', () => {
    expect(movesIntoPast(EventStatus.Published, past, now)).toBe(true);
    expect(movesIntoPast(EventStatus.Published, ahead, now)).toBe(false);
    expect(movesIntoPast(EventStatus.Draft, past, now)).toBe(false);
    expect(movesIntoPast(EventStatus.Published, undefined, now)).toBe(false);
  });
});
