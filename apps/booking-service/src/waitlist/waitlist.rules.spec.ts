import { InventoryEntity, InventoryStatus } from '../inventory/inventory.entity';
import { WaitlistEntryEntity, WaitlistStatus } from './waitlist.entity';
import { holdOf, joinRefusal, leaveRefusal, offerRefusal } from './waitlist.rules';
import { makeTicketType } from '@evently/testing/facts';

const now = Date.parse('2027-01-01T00:00:00Z');
const event = {
  status: InventoryStatus.Published,
  startsAt: new Date(now + 1_000),
  waitlistEnabled: true,
  ticketTypes: [makeTicketType()],
} as InventoryEntity;
const entry = (status: WaitlistStatus) =>
  ({
    id: 'w-1',
    eventId: 'e-1',
    quantity: 2,
    offeredSeats: ['A-1-1'],
    status,
    offerExpiresAt: null,
  }) as unknown as WaitlistEntryEntity;
const join = { event, live: null, ticketsHeld: 0, limit: 10, free: 0, quantity: 2 };

describe('waitlist rules', () => {
  it('lets a person join a sold-out event with a list', () => {
    expect(joinRefusal(join, now)).toBeNull();
  });

  it('refuses a join for each reason, with its code', () => {
    expect(joinRefusal({ ...join, event: { ...event, status: InventoryStatus.Cancelled } }, now)?.code).toBe(
      'EVENT_NOT_BOOKABLE',
    );
    expect(joinRefusal({ ...join, event: { ...event, waitlistEnabled: false } }, now)?.code).toBe(
      'WAITLIST_DISABLED',
    );
    expect(joinRefusal({ ...join, live: entry(WaitlistStatus.Waiting) }, now)?.code).toBe(
      'ALREADY_WAITLISTED',
    );
    expect(joinRefusal({ ...join, ticketsHeld: 9 }, now)?.code).toBe('LIMIT_EXCEEDED');
    expect(joinRefusal({ ...join, free: 2 }, now)?.code).toBe('TICKETS_AVAILABLE');
    const priced = [makeTicketType({ price: { amount: 1000, currency: 'EUR' } })];
    expect(joinRefusal({ ...join, event: { ...event, ticketTypes: priced } }, now)).toMatchObject({
      code: 'WAITLIST_DISABLED',
      details: { reason: 'sold_by_type' },
    });
  });

  it('answers an open offer only before its deadline', () => {
    expect(offerRefusal(entry(WaitlistStatus.Offered), false)).toBeNull();
    expect(offerRefusal(entry(WaitlistStatus.Offered), true)?.code).toBe('OFFER_EXPIRED');
    expect(offerRefusal(entry(WaitlistStatus.Expired), false)?.code).toBe('OFFER_EXPIRED');
    expect(offerRefusal(entry(WaitlistStatus.Waiting), false)?.code).toBe('NO_OFFER');
  });

  it('lets a live entry leave (twice is fine) but not a closed one', () => {
    expect(leaveRefusal(entry(WaitlistStatus.Waiting))).toBeNull();
    expect(leaveRefusal(entry(WaitlistStatus.Left))).toBeNull();
    expect(leaveRefusal(entry(WaitlistStatus.Accepted))?.code).toBe('WAITLIST_ENTRY_CLOSED');
  });

  it('holds exactly the offered places', () => {
    expect(holdOf(entry(WaitlistStatus.Offered))).toEqual({
      eventId: 'e-1',
      holdId: 'w-1',
      quantity: 2,
      seats: ['A-1-1'],
    });
  });
});
