import { requestHash } from './idempotency.service';

describe('requestHash', () => {
  it('ignores key order and absent fields, and tells different requests apart', () => {
    const a = requestHash({ eventId: 'e', quantity: 2 });
    expect(requestHash({ quantity: 2, eventId: 'e' })).toBe(a);
    expect(requestHash({ eventId: 'e', quantity: 2, seats: undefined })).toBe(a);
    expect(requestHash({ eventId: 'e', quantity: 3 })).not.toBe(a);
    expect(requestHash({ eventId: 'e', seats: ['A-1-1', 'A-1-2'] })).not.toBe(
      requestHash({ eventId: 'e', seats: ['A-1-2', 'A-1-1'] }),
    );
  });
});
