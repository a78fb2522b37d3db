import { AuthUser, Role } from '@evently/auth';
import { ValidationFailedException } from '@evently/common';
import { BookingEntity } from './booking.entity';
import {
  cancelReasonFor,
  cancellationRefusal,
  insideRefundWindow,
  orderOf,
  tooLateToCancel,
} from './booking.rules';

const person = (role: Role, id = 'u-1'): AuthUser => ({
  id,
  email: 'p@x.test',
  role,
  tokenVersion: 0,
  sessionId: null,
});
const booking = {
  id: 'b-1',
  userId: 'u-1',
  eventId: 'e-1',
  quantity: 2,
  seats: [],
} as unknown as BookingEntity;

describe('booking rules', () => {
  it('orders general admission by quantity and seats in label order', () => {
    expect(orderOf({ eventId: 'e', quantity: 3 }, 10)).toEqual({
      eventId: 'e',
      quantity: 3,
      seated: false,
      seats: [],
    });
    expect(orderOf({ eventId: 'e', seats: ['B-1-2', 'A-1-1'] }, 10)).toEqual({
      eventId: 'e',
      quantity: 2,
      seated: true,
      seats: ['A-1-1', 'B-1-2'],
    });
  });

  it('refuses both or neither of quantity and seats, naming both fields', () => {
    for (const request of [{ eventId: 'e' }, { eventId: 'e', quantity: 1, seats: ['A-1-1'] }]) {
      expect(() => orderOf(request, 10)).toThrow(ValidationFailedException);
    }
  });

  it('refuses more tickets than the per-person limit in one booking', () => {
    expect(() => orderOf({ eventId: 'e', quantity: 11 }, 10)).toThrow(ValidationFailedException);
    expect(() => orderOf({ eventId: 'e', quantity: 10 }, 10)).not.toThrow();
  });

  it('lets the holder and admins cancel; anyone else gets NOT_BOOKING_HOLDER', () => {
    expect(cancellationRefusal(person(Role.Customer), booking)).toBeNull();
    expect(cancellationRefusal(person(Role.Admin, 'a-1'), booking)).toBeNull();
    expect(cancellationRefusal(person(Role.Organizer, 'o-1'), booking)?.code).toBe('NOT_BOOKING_HOLDER');
  });

  it('stops the holder at the start; an admin may cancel later', () => {
    const started = new Date(1_000);
    expect(tooLateToCancel(person(Role.Customer), started, 1_000)).toBe(true);
    expect(tooLateToCancel(person(Role.Customer), started, 999)).toBe(false);
    expect(tooLateToCancel(person(Role.Admin, 'a-1'), started, 5_000)).toBe(false);
  });

  it('says an admin cancelled only when the admin is not the holder', () => {
    expect(cancelReasonFor(person(Role.Admin, 'a-1'), booking)).toBe('ADMIN_CANCELLED');
    expect(cancelReasonFor(person(Role.Admin), booking)).toBe('USER_CANCELLED');
    expect(cancelReasonFor(person(Role.Customer), booking)).toBe('USER_CANCELLED');
  });
});

describe('insideRefundWindow', () => {
  const startsAt = new Date('2027-03-10T20:00:00Z');
  it('lets a holder cancel a paid booking until the window’s hours before the start, never without a window', () => {
    expect(insideRefundWindow(48, startsAt, Date.parse('2027-03-08T20:00:00Z'))).toBe(true);
    expect(insideRefundWindow(48, startsAt, Date.parse('2027-03-08T20:00:01Z'))).toBe(false);
    expect(insideRefundWindow(0, startsAt, Date.parse('2027-03-10T19:59:59Z'))).toBe(true);
    expect(insideRefundWindow(null, startsAt, Date.parse('2027-01-01T00:00:00Z'))).toBe(false);
  });
});
