import { randomUUID } from 'node:crypto';

// Ticket types: what an event sells. Money is integer minor units with an ISO 4217 currency, one currency per
// event. Types share the event's places; a quota caps a type further. Pure rules, unit-tested beside.

export interface Money {
  /** Minor units (2500 = 25.00 EUR). */
  amount: number;
  currency: string;
}

/** A ticket type as the organizer describes it; `id` names a type the event has already. */
export interface TicketTypeInput {
  id?: string;
  name: string;
  description?: string | null;
  price: Money;
  quota?: number | null;
  salesStart?: string | null;
  salesEnd?: string | null;
  maxPerOrder?: number | null;
  hidden?: boolean;
}

/** A ticket type as stored (in the event's row) and shown. */
export interface TicketType {
  id: string;
  name: string;
  description: string | null;
  price: Money;
  quota: number | null;
  salesStart: string | null;
  salesEnd: string | null;
  maxPerOrder: number | null;
  hidden: boolean;
}

export const MAX_TICKET_TYPES = 20;
export const DEFAULT_TICKET_TYPE_NAME = 'General admission';
/** The currency of the free type an event gets when it is created without types. */
export const DEFAULT_CURRENCY = 'EUR';

/** One free type for an event created without any: today's clients keep booking "places". */
export const defaultTicketTypes = (): TicketType[] => [
  {
    id: randomUUID(),
    name: DEFAULT_TICKET_TYPE_NAME,
    description: null,
    price: { amount: 0, currency: DEFAULT_CURRENCY },
    quota: null,
    salesStart: null,
    salesEnd: null,
    maxPerOrder: null,
    hidden: false,
  },
];

/**
 * The stored types for `input`: a type with an `id` keeps it (it must be one of `current`), a new one gets
 * a fresh id; instants are normalised to UTC. Null with the problems when an id is unknown.
 */
export function ticketTypesOf(
  input: TicketTypeInput[],
  current: TicketType[] = [],
): { types: TicketType[] } | { problems: Record<string, string[]> } {
  const known = new Set(current.map((t) => t.id));
  const problems: Record<string, string[]> = {};
  input.forEach((t, i) => {
    if (t.id !== undefined && !known.has(t.id)) {
      problems[`ticketTypes.${i}.id`] = [
        'id must name a ticket type of this event (leave it out for a new one)',
      ];
    }
  });
  if (Object.keys(problems).length > 0) return { problems };
  const instant = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);
  return {
    types: input.map((t) => ({
      id: t.id ?? randomUUID(),
      name: t.name,
      description: t.description || null,
      price: { amount: t.price.amount, currency: t.price.currency },
      quota: t.quota ?? null,
      salesStart: instant(t.salesStart),
      salesEnd: instant(t.salesEnd),
      maxPerOrder: t.maxPerOrder ?? null,
      hidden: t.hidden ?? false,
    })),
  };
}

/**
 * Rules on an event's types, by field: at least one and at most MAX_TICKET_TYPES, names unique, one currency,
 * a sales window that closes after it opens, a quota within the event's places, at least one type not hidden.
 */
export function ticketTypeProblems(types: TicketType[], places: number | null): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  if (types.length === 0) problems.ticketTypes = ['an event sells at least one ticket type'];
  if (types.length > MAX_TICKET_TYPES) problems.ticketTypes = [`at most ${MAX_TICKET_TYPES} ticket types`];
  const names = new Set<string>();
  types.forEach((t, i) => {
    const key = t.name.trim().toLowerCase();
    if (names.has(key)) problems[`ticketTypes.${i}.name`] = [`ticket type name ${t.name} is used twice`];
    names.add(key);
    if (t.price.currency !== types[0].price.currency) {
      problems[`ticketTypes.${i}.price.currency`] = [
        `an event sells in one currency (${types[0].price.currency}, as its first ticket type)`,
      ];
    }
    if (t.salesStart && t.salesEnd && Date.parse(t.salesEnd) <= Date.parse(t.salesStart)) {
      problems[`ticketTypes.${i}.salesEnd`] = ['salesEnd must be after salesStart'];
    }
    if (t.quota !== null && places !== null && t.quota > places) {
      problems[`ticketTypes.${i}.quota`] = [`quota must not exceed the event's ${places} places`];
    }
  });
  if (types.length > 0 && types.every((t) => t.hidden)) {
    problems.ticketTypes = ['at least one ticket type must be on show (not hidden)'];
  }
  return problems;
}

/**
 * Why a published event's types cannot become `next`: a type may have been sold, so none is removed, and the
 * currency stays. Null when the change is allowed (new types, new prices for future sales, new windows).
 */
export function ticketTypeChangeRefusal(current: TicketType[], next: TicketType[]): string | null {
  const kept = new Set(next.map((t) => t.id));
  const removed = current.filter((t) => !kept.has(t.id)).map((t) => t.name);
  if (removed.length > 0) {
    return `Ticket types of a published event are never removed (hide them instead): ${removed.join(', ')}`;
  }
  if (current.length > 0 && next.length > 0 && current[0].price.currency !== next[0].price.currency) {
    return `A published event keeps its currency (${current[0].price.currency})`;
  }
  return null;
}

/** The lowest price of the types on show: what a listing says ("from 25.00 EUR"). */
export const priceFrom = (types: TicketType[]): Money | null =>
  types
    .filter((t) => !t.hidden)
    .map((t) => t.price)
    .reduce<Money | null>((low, price) => (low === null || price.amount < low.amount ? price : low), null);

/** A section of a seated plan as given: it may name its type by id, or by name when the event is created. */
export interface TypedSection {
  name: string;
  ticketTypeId?: string | null;
  ticketType?: string | null;
}

/**
 * Each section's type id: the one it names (by id, or by name), else the first type. Problems by field for a
 * section naming a type the event does not sell.
 */
export function sectionTypes(
  sections: TypedSection[],
  types: TicketType[],
): { ids: string[] } | { problems: Record<string, string[]> } {
  const problems: Record<string, string[]> = {};
  const ids = sections.map((section, i) => {
    const found = section.ticketTypeId
      ? types.find((t) => t.id === section.ticketTypeId)
      : section.ticketType
        ? types.find((t) => t.name.trim().toLowerCase() === section.ticketType!.trim().toLowerCase())
        : types[0];
    if (!found) {
      const field = section.ticketTypeId ? 'ticketTypeId' : 'ticketType';
      problems[`seating.sections.${i}.${field}`] = [
        `section ${section.name} names a ticket type the event does not sell`,
      ];
    }
    return found?.id ?? '';
  });
  return Object.keys(problems).length > 0 ? { problems } : { ids };
}
