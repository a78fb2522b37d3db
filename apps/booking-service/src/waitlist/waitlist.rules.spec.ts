import { InventoryEntity, InventoryStatus } from '../inventory/inventory.entity';
import { WaitlistEntryEntity, WaitlistStatus } from './waitlist.entity';
import { holdOf, joinRefusal, leaveRefusal, offerRefusal, waitedTicketType } from './waitlist.rules';
import type { TicketType } from '@evently/contracts';
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
  });

  it('names the ticket type an entry waits for on a general-admission event sold by type', () => {
    const standard = makeTicketType({ id: 't-std', price: { amount: 1000, currency: 'EUR' } });
    const vip = makeTicketType({ id: 't-vip', name: 'VIP', price: { amount: 5000, currency: 'EUR' } });
    const hidden = makeTicketType({ id: 't-crew', name: 'Crew', hidden: true });
    const ended = makeTicketType({ id: 't-early', name: 'Early', salesEnd: '2026-12-31T00:00:00Z' });
    const ga = (ticketTypes: TicketType[]) => ({ ...event, capacity: 10, ticketTypes }) as InventoryEntity;
    const codeOf = (fn: () => unknown) => {
      try {
        return fn();
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    // Not sold by type (the one free type), or seated: no type.
    expect(waitedTicketType(ga([makeTicketType()]), undefined, now)).toBeNull();
    expect(waitedTicketType({ ...event, capacity: null }, undefined, now)).toBeNull();
    expect(codeOf(() => waitedTicketType({ ...event, capacity: null }, 't-std', now))).toBe(
      'VALIDATION_FAILED',
    );
    // One type on show: it; several: the one named, else VALIDATION_FAILED.
    expect(waitedTicketType(ga([standard, hidden]), undefined, now)).toBe('t-std');
    expect(waitedTicketType(ga([standard, vip]), 't-vip', now)).toBe('t-vip');
    expect(codeOf(() => waitedTicketType(ga([standard, vip]), undefined, now))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => waitedTicketType(ga([standard, vip]), 't-nope', now))).toBe('UNKNOWN_TICKET_TYPES');
    expect(codeOf(() => waitedTicketType(ga([standard, hidden]), 't-crew', now))).toBe(
      'TICKET_TYPE_NOT_ON_SALE',
    );
    expect(codeOf(() => waitedTicketType(ga([standard, ended]), 't-early', now))).toBe(
      'TICKET_TYPE_NOT_ON_SALE',
    );
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
