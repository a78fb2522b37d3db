import type { OnSale } from '@evently/contracts';

/**
 * The on-sale queue's rules, pure. Visitors who join before the sale opens are put in a random order when it
 * opens (so joining early, or refreshing, gains nothing); later ones queue behind in arrival order. Each has
 * a rank (1, 2, ...); the queue admits ranks in order, each with a pass to book for `passMinutes`.
 */

/** Where a sale stands: not open yet, open through the queue, or open to anyone (no queue). */
export type SalePhase = 'before' | 'queue' | 'open';

export function salePhase(onSale: OnSale | null, now: number): SalePhase {
  if (!onSale) return 'open';
  if (now < Date.parse(onSale.opensAt)) return 'before';
  return onSale.queue ? 'queue' : 'open';
}

/** The queue's state that admission reads and moves on. */
export interface QueueHead {
  /** The last rank given (ranks 1..lastRank exist). */
  lastRank: number;
  /** Ranks 1..admittedUpto have been admitted. */
  admittedUpto: number;
  /** Admissions owed but not yet made (a fraction carried from one round to the next). */
  allowance: number;
  /** When admission last ran (null: never). */
  admittedAt: Date | null;
  /** Visitors admitted per minute, as recently measured (what a wait is estimated from). */
  recentPerMinute: number;
}

/** The most time one round admits for: a round delayed by a busy process still keeps the rate. */
const MAX_OWED_MS = 10_000;

/** How admission is paced: a fixed rate the organizer set, or a window of passes in use. */
export type Pace = { perMinute: number } | { window: number };

/**
 * The pace of an event's queue: the organizer's rate, else a window of `window` passes being used at once,
 * so that admission follows how fast bookings are actually made (each pass used or expired lets the next in).
 */
export const paceOf = (onSale: OnSale, window: number): Pace =>
  onSale.admitPerMinute ? { perMinute: onSale.admitPerMinute } : { window };

/**
 * How many to admit now. At a fixed rate: what the time since the last round allows (with the fraction
 * carried; rounds that came late, as under a rush, owe what their time allows, up to ten seconds' worth).
 * In a window: as many as there are free places in it. Never more than are waiting.
 */
export function admissionsDue(
  head: QueueHead,
  pace: Pace,
  now: number,
  activePasses: number,
): { admit: number; allowance: number } {
  const waiting = Math.max(0, head.lastRank - head.admittedUpto);
  if ('window' in pace) {
    return { admit: Math.min(waiting, Math.max(0, pace.window - activePasses)), allowance: 0 };
  }
  const perMs = pace.perMinute / 60_000;
  const elapsed = head.admittedAt ? Math.max(0, now - head.admittedAt.getTime()) : 1_000;
  const owed = Math.min(head.allowance + elapsed * perMs, Math.max(1, perMs * MAX_OWED_MS));
  const admit = Math.min(waiting, Math.floor(owed));
  return { admit, allowance: waiting > admit ? owed - admit : 0 };
}

/** The measured admission rate, smoothed (each round weighs in by its length, over about a minute). */
export function smoothedRate(previousPerMinute: number, admitted: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return previousPerMinute;
  const weight = Math.min(1, elapsedMs / 60_000);
  return previousPerMinute * (1 - weight) + ((admitted * 60_000) / elapsedMs) * weight;
}

/** A visitor's place in the line: 1 is next; null before they are ranked, 0 once admitted. */
export function positionOf(rank: number | null, admittedUpto: number): number | null {
  if (rank === null) return null;
  return Math.max(0, rank - admittedUpto);
}

/**
 * About how long until the visitor is admitted, in seconds: from their position and the rate the queue is
 * admitting at (the organizer's, else the measured one, else `fallbackPerMinute`). Null when unknown.
 */
export function estimatedWaitSeconds(
  position: number | null,
  perMinute: number,
  fallbackPerMinute: number,
): number | null {
  if (position === null) return null;
  if (position === 0) return 0;
  const rate = perMinute > 0.5 ? perMinute : fallbackPerMinute;
  return rate > 0 ? Math.ceil((position * 60) / rate) : null;
}

/** Why a pass does not let its holder book now (null: it does). */
export function passRefusal(
  entry: { pass: string | null; passExpiresAt: Date | null } | null,
  pass: string | undefined,
  now: number,
): 'no_pass' | 'wrong_pass' | 'expired' | null {
  if (!pass || !entry?.pass) return 'no_pass';
  if (entry.pass !== pass) return 'wrong_pass';
  if (!entry.passExpiresAt || entry.passExpiresAt.getTime() <= now) return 'expired';
  return null;
}
