import type { TicketType } from '@evently/contracts';
import { makeTicketType } from '@evently/testing/facts';
import { freeSeatsByType, newlyCapped, priceOrder, seatItems, typeAvailability } from './order.rules';
import type { PromoCode } from '../promo/promo-code.rules';

const now = Date.parse('2027-01-10T12:00:00Z');
const type = (overrides: Partial<TicketType>): TicketType =>
  makeTicketType({ id: 't-std', name: 'Standard', price: { amount: 2500, currency: 'EUR' }, ...overrides });
const types = [
  type({}),
  type({
    id: 't-early',
    name: 'Early bird',
    price: { amount: 1550, currency: 'EUR' },
    salesEnd: '2027-01-10T12:00:00Z',
  }),
  type({ id: 't-late', name: 'Late', salesStart: '2027-02-01T00:00:00Z' }),
  type({ id: 't-vip', name: 'VIP', price: { amount: 9000, currency: 'EUR' }, maxPerOrder: 2 }),
  type({ id: 't-friends', name: 'Friends', hidden: true }),
  type({ id: 't-free', name: 'Crew', price: { amount: 0, currency: 'EUR' } }),
];
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('priceOrder', () => {
  it('prices each line at the type’s price now, in integer minor units', () => {
    expect(
      priceOrder(
        types,
        [
          { ticketTypeId: 't-std', quantity: 3 },
          { ticketTypeId: 't-vip', quantity: 2 },
          { ticketTypeId: 't-free', quantity: 1 },
        ],
        now,
      ),
    ).toEqual({
      items: [
        { ticketTypeId: 't-std', name: 'Standard', quantity: 3, unitPrice: 2500 },
        { ticketTypeId: 't-vip', name: 'VIP', quantity: 2, unitPrice: 9000 },
        { ticketTypeId: 't-free', name: 'Crew', quantity: 1, unitPrice: 0 },
      ],
      quantity: 6,
      discountAmount: 0,
      totalAmount: 25500,
      currency: 'EUR',
    });
  });

  it('refuses unknown, ended, not yet started and hidden types, and more than a type’s maxPerOrder', () => {
    expect(codeOf(() => priceOrder(types, [{ ticketTypeId: 't-nope', quantity: 1 }], now))).toBe(
      'UNKNOWN_TICKET_TYPES',
    );
    expect(codeOf(() => priceOrder(types, [{ ticketTypeId: 't-early', quantity: 1 }], now))).toBe(
      'TICKET_TYPE_NOT_ON_SALE',
    );
    expect(codeOf(() => priceOrder(types, [{ ticketTypeId: 't-late', quantity: 1 }], now))).toBe(
      'TICKET_TYPE_NOT_ON_SALE',
    );
    expect(codeOf(() => priceOrder(types, [{ ticketTypeId: 't-friends', quantity: 1 }], now))).toBe(
      'TICKET_TYPE_NOT_ON_SALE',
    );
    expect(codeOf(() => priceOrder(types, [{ ticketTypeId: 't-vip', quantity: 3 }], now))).toBe(
      'LIMIT_EXCEEDED',
    );
    expect(
      codeOf(() =>
        priceOrder(
          types,
          [
            { ticketTypeId: 't-std', quantity: 1 },
            { ticketTypeId: 't-std', quantity: 1 },
          ],
          now,
        ),
      ),
    ).toBe('VALIDATION_FAILED');
  });

  describe('with a promo code', () => {
    const promo = (overrides: Partial<PromoCode>): PromoCode => ({
      id: 'p1',
      eventId: 'e1',
      code: 'FRIENDS',
      percentOff: null,
      amountOff: null,
      ticketTypeIds: null,
      maxUses: null,
      uses: 0,
      validFrom: null,
      validUntil: null,
      unlocksHidden: false,
      disabledAt: null,
      createdAt: new Date(now),
      ...overrides,
    });

    it('takes its discount off each place of the types it covers, and says how much', () => {
      const order = priceOrder(
        types,
        [
          { ticketTypeId: 't-std', quantity: 2 },
          { ticketTypeId: 't-vip', quantity: 1 },
        ],
        now,
        promo({ percentOff: 10, ticketTypeIds: ['t-vip'] }),
      );
      expect(order).toMatchObject({ discountAmount: 900, totalAmount: 2 * 2500 + 9000 - 900 });
      const amount = priceOrder(
        types,
        [{ ticketTypeId: 't-std', quantity: 3 }],
        now,
        promo({ amountOff: 1000 }),
      );
      expect(amount).toMatchObject({ discountAmount: 3000, totalAmount: 4500 });
    });

    it('makes an order free when it takes everything off', () => {
      const order = priceOrder(
        types,
        [{ ticketTypeId: 't-std', quantity: 2 }],
        now,
        promo({ percentOff: 100 }),
      );
      expect(order).toMatchObject({ discountAmount: 5000, totalAmount: 0 });
    });

    it('sells a hidden type only with a code that unlocks it and covers it', () => {
      const friends = [{ ticketTypeId: 't-friends', quantity: 1 }];
      expect(codeOf(() => priceOrder(types, friends, now, promo({ percentOff: 10 })))).toBe(
        'TICKET_TYPE_NOT_ON_SALE',
      );
      expect(
        codeOf(() =>
          priceOrder(
            types,
            friends,
            now,
            promo({ percentOff: 10, unlocksHidden: true, ticketTypeIds: ['t-vip'] }),
          ),
        ),
      ).toBe('TICKET_TYPE_NOT_ON_SALE');
      expect(
        priceOrder(types, friends, now, promo({ percentOff: 10, unlocksHidden: true })).totalAmount,
      ).toBe(2250);
    });

    it('is refused when it covers none of the places ordered', () => {
      expect(
        codeOf(() =>
          priceOrder(
            types,
            [{ ticketTypeId: 't-std', quantity: 1 }],
            now,
            promo({ percentOff: 10, ticketTypeIds: ['t-vip'] }),
          ),
        ),
      ).toBe('PROMO_CODE_INVALID');
    });
  });
});

describe('typeAvailability', () => {
  it('caps each type by its quota and the event’s places, says why one does not sell, and hides hidden ones', () => {
    const quota = type({ id: 't-q', name: 'Early', quota: 10 });
    const sold = new Map([['t-q', 8]]);
    const shown = typeAvailability([...types, quota], sold, 5, true, now);
    expect(shown.map((t) => [t.id, t.available, t.onSale, t.reason])).toEqual([
      ['t-std', 5, true, null],
      ['t-early', 5, false, 'ended'],
      ['t-late', 5, false, 'not_started'],
      ['t-vip', 5, true, null],
      ['t-free', 5, true, null],
      ['t-q', 2, true, null],
    ]);
    expect(typeAvailability([quota], new Map([['t-q', 10]]), 5, true, now)[0]).toMatchObject({
      available: 0,
      onSale: false,
      reason: 'sold_out',
    });
    expect(typeAvailability([quota], sold, 5, false, now)[0]).toMatchObject({ reason: 'event_not_on_sale' });
  });
});

describe('seated orders', () => {
  it('count each seat as its section’s type, and a seat whose type was never named as the first type', () => {
    const seats = [
      { ticket_type_id: 't-vip' },
      { ticket_type_id: 't-std' },
      { ticket_type_id: 't-vip' },
      { ticket_type_id: null },
    ];
    expect(seatItems(seats, types)).toEqual([
      { ticketTypeId: 't-vip', quantity: 2 },
      { ticketTypeId: 't-std', quantity: 2 },
    ]);
    expect(priceOrder(types, seatItems(seats, types), now).totalAmount).toBe(2 * 9000 + 2 * 2500);
  });

  it('leave each type the free seats of its sections, capped by its quota', () => {
    const map = [
      { ticketTypeId: 't-vip', status: 'available' },
      { ticketTypeId: 't-vip', status: 'booked' },
      { ticketTypeId: 't-std', status: 'available' },
      { ticketTypeId: null, status: 'available' },
      { ticketTypeId: 't-std', status: 'held' },
    ];
    const free = freeSeatsByType(map, types);
    expect(Object.fromEntries(free)).toEqual({ 't-vip': 1, 't-std': 2 });
    const capped = [type({ quota: 1 }), types[3]];
    const view = typeAvailability(capped, new Map([['t-std', 1]]), 3, true, now, free);
    expect(view.map((t) => [t.id, t.available, t.reason])).toEqual([
      ['t-std', 0, 'sold_out'],
      ['t-vip', 1, null],
    ]);
    expect(freeSeatsByType(map, []).size).toBe(0);
  });
});

describe('newlyCapped', () => {
  it('names the types that get a quota they did not have, new ones included', () => {
    const before = [type({ id: 'a' }), type({ id: 'b', quota: 5 }), type({ id: 'c' })];
    const next = [type({ id: 'a', quota: 10 }), type({ id: 'b', quota: 8 }), type({ id: 'c' })];
    expect(newlyCapped(before, next)).toEqual(['a']);
    expect(newlyCapped(before, [...next, type({ id: 'd', quota: 3 })])).toEqual(['a', 'd']);
    expect(newlyCapped(next, next)).toEqual([]);
  });
});
