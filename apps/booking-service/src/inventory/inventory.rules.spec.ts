import type { TicketType } from '@evently/contracts';
import { makeTicketType } from '@evently/testing/facts';
import { InventoryEntity, InventoryStatus } from './inventory.entity';
import {
  availabilityOf,
  placesRefusal,
  seatRefusal,
  sellRefusal,
  ticketTypeRefusal,
} from './inventory.rules';

const now = Date.parse('2027-01-01T00:00:00Z');
const event = (overrides: Partial<InventoryEntity> = {}): InventoryEntity =>
  ({
    eventId: 'e-1',
    status: InventoryStatus.Published,
    startsAt: new Date(now + 86_400_000),
    endsAt: new Date(now + 90_000_000),
    capacity: 10,
    sold: 6,
    held: 2,
    waiting: 3,
    visibility: 'public',
    organizerId: 'o-1',
    ticketTypes: [],
    ...overrides,
  }) as InventoryEntity;

const freeType: TicketType = makeTicketType({ id: 't-1' });

describe('inventory rules', () => {
  it('sells the one free type as places, within its sales window; anything more needs checkout', () => {
    expect(ticketTypeRefusal([], now)).toBeNull();
    expect(ticketTypeRefusal([freeType], now)).toBeNull();
    const codeOf = (types: TicketType[]) => ticketTypeRefusal(types, now)?.code;
    expect(codeOf([{ ...freeType, price: { amount: 2500, currency: 'EUR' } }])).toBe('CHECKOUT_REQUIRED');
    expect(codeOf([{ ...freeType, quota: 10 }])).toBe('CHECKOUT_REQUIRED');
    expect(codeOf([freeType, { ...freeType, id: 't-2', name: 'VIP' }])).toBe('CHECKOUT_REQUIRED');
    expect(codeOf([{ ...freeType, salesStart: '2027-01-02T00:00:00.000Z' }])).toBe('TICKET_TYPE_NOT_ON_SALE');
    expect(codeOf([{ ...freeType, salesEnd: '2027-01-01T00:00:00.000Z' }])).toBe('TICKET_TYPE_NOT_ON_SALE');
    expect(
      codeOf([{ ...freeType, salesStart: '2026-12-01T00:00:00.000Z', salesEnd: '2027-02-01T00:00:00.000Z' }]),
    ).toBeUndefined();
    expect(sellRefusal(event({ ticketTypes: [{ ...freeType, quota: 5 }] }), 1, false, now)?.code).toBe(
      'CHECKOUT_REQUIRED',
    );
  });

  it('sells what is left after sold and held places, and says how many are left', () => {
    expect(placesRefusal(event(), 2)).toBeNull();
    expect(placesRefusal(event(), 3)).toMatchObject({ code: 'SOLD_OUT', message: 'Only 2 place(s) left' });
    expect(placesRefusal(event({ sold: 8 }), 1)?.message).toBe('Sold out');
  });

  it('does not count places held for the buyer against what is left', () => {
    expect(sellRefusal(event({ sold: 8 }), 2, true, now)).toBeNull();
  });

  it('refuses an event off sale or started, and the wrong admission mode', () => {
    expect(sellRefusal(event({ status: InventoryStatus.Cancelled }), 1, false, now)?.code).toBe(
      'EVENT_NOT_BOOKABLE',
    );
    expect(sellRefusal(event({ startsAt: new Date(now) }), 1, false, now)?.code).toBe('EVENT_NOT_BOOKABLE');
    expect(sellRefusal(event(), undefined, false, now)?.code).toBe('ADMISSION_MISMATCH');
    expect(sellRefusal(event({ capacity: null }), 1, false, now)?.code).toBe('ADMISSION_MISMATCH');
  });

  it('names unknown seats before taken ones', () => {
    const found = [
      { label: 'A-1-1', booking_id: 'b', held_by: null, ticket_type_id: null },
      { label: 'A-1-2', booking_id: null, held_by: null, ticket_type_id: null },
    ];
    expect(seatRefusal(['A-1-1', 'Z-9-9'], found)).toMatchObject({
      code: 'UNKNOWN_SEATS',
      message: 'This event has no such seats',
    });
    expect(seatRefusal(['A-1-1', 'A-1-2'], found)).toMatchObject({
      code: 'SEAT_UNAVAILABLE',
      message: 'Already taken: A-1-1',
    });
    expect(seatRefusal(['A-1-2'], [found[1]])).toBeNull();
  });

  it('shows a published event as completed once it has ended', () => {
    const ended = event({ startsAt: new Date(now - 10_000), endsAt: new Date(now - 1) });
    expect(availabilityOf(ended, null, now)).toMatchObject({ status: 'completed', bookable: false });
    expect(availabilityOf(event(), null, now)).toEqual({
      eventId: 'e-1',
      status: 'published',
      bookable: true,
      waiting: 3,
      capacity: 10,
      booked: 6,
      held: 2,
      available: 2,
    });
  });

  it('counts a seat map by seat: booked, held, available', () => {
    const seat = (label: string, booked: boolean, held: boolean) => ({
      label,
      section: 'A',
      row: 1,
      number: 1,
      ticketTypeId: 't-1',
      booked,
      held,
    });
    const view = availabilityOf(
      event({ capacity: null }),
      [seat('A-1-1', true, false), seat('A-1-2', false, true), seat('A-1-3', false, false)],
      now,
    );
    expect(view).toMatchObject({ capacity: 3, booked: 1, held: 1, available: 1 });
    expect(view.seats!.map((s) => s.status)).toEqual(['booked', 'held', 'available']);
  });
});
