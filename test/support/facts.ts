// Factories for the facts specs publish or hand to a service, as the producing service would write them.
import { EventSnapshot, REMINDER_DEFAULTS, TicketType, WAITLIST_DEFAULTS } from '@evently/contracts';
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

/** A published general-admission event starting tomorrow, as event-service's snapshot carries it. */
export function makeEventSnapshot(overrides: Partial<EventSnapshot> = {}): EventSnapshot {
  return {
    eventId: randomUUID(),
    version: 2,
    organizerId: randomUUID(),
    title: 'Harbour concert',
    status: 'published',
    visibility: 'public',
    startsAt: new Date(Date.now() + DAY_MS).toISOString(),
    endsAt: new Date(Date.now() + DAY_MS + 3_600_000).toISOString(),
    venue: { name: 'Quay', city: 'Porto', address: null },
    capacity: 100,
    seats: null,
    waitlist: WAITLIST_DEFAULTS,
    reminders: REMINDER_DEFAULTS,
    timeZone: 'Europe/Lisbon',
    ticketTypes: [makeTicketType()],
    refundWindowHours: null,
    questions: [],
    onSale: null,
    ...overrides,
  };
}

/** A free General admission ticket type, on sale without limits, as event facts carry it. */
export function makeTicketType(overrides: Partial<TicketType> = {}): TicketType {
  return {
    id: randomUUID(),
    name: 'General admission',
    description: null,
    price: { amount: 0, currency: 'EUR' },
    quota: null,
    salesStart: null,
    salesEnd: null,
    maxPerOrder: null,
    hidden: false,
    ...overrides,
  };
}
