import { eventData, wants } from './feed.rules';

describe('feed rules', () => {
  it('gives a subscription the types it names (or all with *), on its event or all', () => {
    const entry = { type: 'booking.confirmed', eventId: 'e1' };
    expect(wants({ types: ['*'], eventId: null }, entry)).toBe(true);
    expect(wants({ types: ['booking.confirmed'], eventId: 'e1' }, entry)).toBe(true);
    expect(wants({ types: ['booking.cancelled'], eventId: null }, entry)).toBe(false);
    expect(wants({ types: ['*'], eventId: 'e2' }, entry)).toBe(false);
  });

  it('carries an event without its seat list, with the number of seats', () => {
    expect(eventData({ title: 'T', seats: [{}, {}] })).toEqual({ title: 'T', seatCount: 2 });
    expect(eventData({ title: 'T', seats: null })).toEqual({ title: 'T', seatCount: null });
  });
});
