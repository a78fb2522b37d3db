import { formatAmount, formatMoney, fromMinorUnits, toMinorUnits } from './money';

describe('money', () => {
  it('shows integer minor units in the currency, and free as Free', () => {
    expect(formatMoney({ amount: 2550, currency: 'EUR' })).toBe('€25.50');
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('JP¥1,500');
    expect(formatMoney({ amount: 0, currency: 'EUR' })).toBe('Free');
  });

  it('shows an amount of zero as an amount, not as Free', () => {
    expect(formatAmount({ amount: 0, currency: 'EUR' })).toBe('€0.00');
    expect(formatAmount({ amount: 6550, currency: 'EUR' })).toBe('€65.50');
  });

  it('reads a typed price as minor units, and refuses what is not one', () => {
    expect(toMinorUnits('25', 'EUR')).toBe(2500);
    expect(toMinorUnits('25.5', 'EUR')).toBe(2550);
    expect(toMinorUnits('0.07', 'EUR')).toBe(7);
    expect(toMinorUnits('1500', 'JPY')).toBe(1500);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(toMinorUnits('15.5', 'JPY')).toBeNaN();
    expect(toMinorUnits('25.555', 'EUR')).toBeNaN();
    expect(toMinorUnits('-3', 'EUR')).toBeNaN();
    expect(fromMinorUnits(2550, 'EUR')).toBe('25.50');
    expect(fromMinorUnits(1500, 'JPY')).toBe('1500');
  });
});
