import type { TicketType } from '@evently/contracts';
import { makeTicketType } from '@evently/testing/facts';
import { priceOrder } from './order.rules';

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
});
