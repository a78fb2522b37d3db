import { discountPerPlace, PromoCode, promoCodeProblems, promoRefusal } from './promo-code.rules';
import { makeTicketType } from '@evently/testing/facts';

const now = Date.parse('2027-01-10T12:00:00Z');
const code = (overrides: Partial<PromoCode> = {}): PromoCode => ({
  id: 'p1',
  eventId: 'e1',
  code: 'SUMMER',
  percentOff: 20,
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

describe('promoRefusal', () => {
  it('accepts a live code and names why any other is refused', () => {
    expect(promoRefusal(code(), now)).toBeNull();
    expect(promoRefusal(null, now)).toBe('unknown');
    expect(promoRefusal(code({ disabledAt: new Date(now - 1) }), now)).toBe('disabled');
    expect(promoRefusal(code({ validFrom: new Date(now + 1) }), now)).toBe('not_started');
    expect(promoRefusal(code({ validFrom: new Date(now) }), now)).toBeNull();
    expect(promoRefusal(code({ validUntil: new Date(now) }), now)).toBe('expired');
    expect(promoRefusal(code({ validUntil: new Date(now + 1) }), now)).toBeNull();
    expect(promoRefusal(code({ maxUses: 10, uses: 10 }), now)).toBe('used_up');
    expect(promoRefusal(code({ maxUses: 10, uses: 9 }), now)).toBeNull();
  });
});

describe('discountPerPlace', () => {
  it('takes a percentage rounded half up, in integer minor units', () => {
    expect(discountPerPlace(code({ percentOff: 20 }), 2500)).toBe(500);
    expect(discountPerPlace(code({ percentOff: 15 }), 1999)).toBe(300); // 299.85
    expect(discountPerPlace(code({ percentOff: 10 }), 5)).toBe(1); // 0.5 rounds up
    expect(discountPerPlace(code({ percentOff: 100 }), 2500)).toBe(2500);
  });

  it('takes an amount off each place, never more than the place costs', () => {
    expect(discountPerPlace(code({ percentOff: null, amountOff: 700 }), 2500)).toBe(700);
    expect(discountPerPlace(code({ percentOff: null, amountOff: 7000 }), 2500)).toBe(2500);
  });
});

describe('promoCodeProblems', () => {
  const types = [makeTicketType({ id: 't1' })];
  const problems = (draft: Parameters<typeof promoCodeProblems>[0]) => {
    try {
      promoCodeProblems(draft, types);
      return null;
    } catch (error) {
      return Object.keys((error as { details: { fields: Record<string, unknown> } }).details.fields).sort();
    }
  };

  it('wants exactly one kind of discount, the event’s own types, and a window that ends after it starts', () => {
    expect(problems({ code: 'A10', percentOff: 10 })).toBeNull();
    expect(problems({ code: 'A10', percentOff: 10, amountOff: 100 })).toEqual(['amountOff', 'percentOff']);
    expect(problems({ code: 'A10' })).toEqual(['amountOff', 'percentOff']);
    expect(problems({ code: 'A10', amountOff: 100, ticketTypeIds: ['t1', 'nope'] })).toEqual([
      'ticketTypeIds',
    ]);
    expect(
      problems({
        code: 'A10',
        amountOff: 100,
        validFrom: '2027-02-01T00:00:00Z',
        validUntil: '2027-01-01T00:00:00Z',
      }),
    ).toEqual(['validUntil']);
  });
});
