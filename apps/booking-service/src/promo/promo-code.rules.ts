import type { TicketType } from '@evently/contracts';
import { ValidationFailedException } from '@evently/common';
import { PromoErrorCode, PromoException } from './promo.exception';

// Promo codes: when one applies, what it takes off, what a new one may say. Pure rules, unit-tested beside.

/** A promo code of an event, as the rules see it. */
export interface PromoCode {
  id: string;
  eventId: string;
  code: string;
  /** Exactly one of percentOff (1-100) and amountOff (minor units off each eligible place). */
  percentOff: number | null;
  amountOff: number | null;
  /** The types it applies to; null: every type of the event. */
  ticketTypeIds: string[] | null;
  maxUses: number | null;
  /** Orders holding it: confirmed, or held awaiting payment. */
  uses: number;
  validFrom: Date | null;
  validUntil: Date | null;
  /** Hidden types it covers may be ordered with it. */
  unlocksHidden: boolean;
  disabledAt: Date | null;
  createdAt: Date;
}

export type PromoRefusalReason =
  'unknown' | 'disabled' | 'not_started' | 'expired' | 'used_up' | 'not_applicable';

/** Codes are letters, digits, - and _, 3 to 32 of them; matched without regard to case. */
export const PROMO_CODE_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;

/** Why `code` cannot be used now, or null when it can (its types are checked against the order apart). */
export function promoRefusal(code: PromoCode | null, now: number): PromoRefusalReason | null {
  if (!code) return 'unknown';
  if (code.disabledAt) return 'disabled';
  if (code.validFrom && now < code.validFrom.getTime()) return 'not_started';
  if (code.validUntil && now >= code.validUntil.getTime()) return 'expired';
  if (code.maxUses !== null && code.uses >= code.maxUses) return 'used_up';
  return null;
}

const messages: Record<PromoRefusalReason, string> = {
  unknown: 'No such promo code for this event',
  disabled: 'This promo code was withdrawn',
  not_started: 'This promo code is not valid yet',
  expired: 'This promo code has expired',
  used_up: 'This promo code has been used up',
  not_applicable: 'This promo code does not apply to the tickets ordered',
};

/** 409 PROMO_CODE_INVALID with the reason (and, when it has one, when the code becomes valid). */
export function promoInvalid(reason: PromoRefusalReason, code?: PromoCode | null): PromoException {
  return new PromoException(PromoErrorCode.PromoCodeInvalid, messages[reason], {
    reason,
    ...(reason === 'not_started' && code?.validFrom && { validFrom: code.validFrom.toISOString() }),
  });
}

/** Whether the code covers places of the type. */
export const covers = (code: PromoCode, ticketTypeId: string): boolean =>
  code.ticketTypeIds === null || code.ticketTypeIds.includes(ticketTypeId);

/** What the code takes off one place sold at `unitPrice`: never more than the place costs. */
export function discountPerPlace(code: PromoCode, unitPrice: number): number {
  if (code.amountOff !== null) return Math.min(code.amountOff, unitPrice);
  // Integer arithmetic: percent of a minor-unit price, rounded half up.
  return Math.min(unitPrice, Math.floor((unitPrice * code.percentOff! + 50) / 100));
}

/** What a new code may say, checked against the event's types; VALIDATION_FAILED naming the field. */
export function promoCodeProblems(
  draft: {
    code: string;
    percentOff?: number;
    amountOff?: number;
    ticketTypeIds?: string[];
    validFrom?: string;
    validUntil?: string;
  },
  types: TicketType[],
): void {
  const problems: Record<string, string[]> = {};
  if ((draft.percentOff === undefined) === (draft.amountOff === undefined)) {
    const one = ['give percentOff or amountOff, one of them'];
    problems.percentOff = one;
    problems.amountOff = one;
  }
  const unknown = (draft.ticketTypeIds ?? []).filter((id) => !types.some((t) => t.id === id));
  if (unknown.length > 0) problems.ticketTypeIds = [`not ticket types of this event: ${unknown.join(', ')}`];
  if (draft.validFrom && draft.validUntil && Date.parse(draft.validFrom) >= Date.parse(draft.validUntil)) {
    problems.validUntil = ['must be after validFrom'];
  }
  if (Object.keys(problems).length > 0) throw new ValidationFailedException(problems);
}
