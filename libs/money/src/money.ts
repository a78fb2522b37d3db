// Money as people read and type it: integer minor units with an ISO 4217 currency, never floating point
// arithmetic on amounts. Shared by the dashboard and the notifier.

export interface Money {
  /** Integer minor units (2500 = 25.00 EUR). */
  amount: number;
  currency: string;
}

// Building a formatter is what costs; each currency's is made once.
const formatters = new Map<string, Intl.NumberFormat>();
const formatterOf = (currency: string): Intl.NumberFormat => {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter;
};

/** Digits after the decimal point of a currency (2 for EUR, 0 for JPY, 3 for KWD). */
export const currencyDigits = (currency: string): number =>
  formatterOf(currency).resolvedOptions().maximumFractionDigits ?? 2;

/** A price as people read it: "€25.00", "¥1,500", or "Free". */
export function formatMoney(money: Money): string {
  return money.amount === 0 ? 'Free' : formatAmount(money);
}

/** An amount of money as people read it, zero included ("€0.00"): totals, revenue, refunds. */
export function formatAmount({ amount, currency }: Money): string {
  return formatterOf(currency).format(amount / 10 ** currencyDigits(currency));
}

/** A price typed as "25" or "25.50" in `currency`, as integer minor units; NaN when it is not one. */
export function toMinorUnits(text: string, currency: string): number {
  const digits = currencyDigits(currency);
  const match = new RegExp(`^(\\d+)(?:[.,](\\d{1,${Math.max(digits, 1)}}))?$`).exec(text.trim());
  if (!match || (digits === 0 && match[2])) return Number.NaN;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
}

/** Minor units as the text of a price field ("25.50"). */
export const fromMinorUnits = (amount: number, currency: string): string => {
  const digits = currencyDigits(currency);
  return digits === 0 ? String(amount) : (amount / 10 ** digits).toFixed(digits);
};
