import type { Ticket } from '../ticket/ticket.rules';
import { TicketStatus } from '../ticket/ticket.rules';

// The door: what a scanned code is worth at an event. Pure rules, unit-tested beside.

export type CheckinResult = 'ok' | 'already_checked_in' | 'unknown' | 'other_event' | 'voided' | 'not_paid';

/** What the door knows of a scanned code before trying to check its ticket in. */
export interface ScanFacts {
  /** The event whose door this is. */
  eventId: string;
  /** The event and ticket the code names, if it is a code at all. */
  code: { eventId: string; ticketId: string } | null;
  /** Whether its signature is good under the key of the event it names. */
  signed: boolean;
  ticket: Ticket | null;
  /** Whether the ticket's booking is confirmed (paid, when priced). */
  paid: boolean;
}

/**
 * Why a scan cannot check its ticket in, or null when it may try (`ok`, or `already_checked_in` if another
 * scan got there first): not a code, or forged (`unknown`); a good code of another event (`other_event`); a
 * voided ticket; a booking not paid.
 */
export function scanRefusal(scan: ScanFacts): CheckinResult | null {
  if (!scan.code || !scan.signed) return 'unknown';
  if (scan.code.eventId !== scan.eventId) return 'other_event';
  if (!scan.ticket || scan.ticket.eventId !== scan.eventId) return 'unknown';
  if (scan.ticket.status === TicketStatus.Voided) return 'voided';
  if (!scan.paid) return 'not_paid';
  return null;
}

/** Offline scans in the order they happened (the earliest scan of a ticket wins). */
export const inScanOrder = <T extends { scannedAt: string }>(scans: T[]): T[] =>
  [...scans].sort((a, b) => Date.parse(a.scannedAt) - Date.parse(b.scannedAt));
