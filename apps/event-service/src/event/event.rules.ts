import { AuthUser, Role } from '@evently/auth';
import {
  EventSnapshot,
  OnSale,
  REMINDER_DEFAULTS,
  WAITLIST_DEFAULTS,
  WaitlistSettings,
} from '@evently/contracts';
import { EventEntity } from './event.entity';
import { effectiveStatus, EventVisibility, StoredEventStatus } from './event-status';
import {
  planProblems,
  plansRemovingSeats,
  seatCount,
  SeatingPlan,
  SeatingSection,
  seatsOf,
} from './seating-plan';
import {
  defaultTicketTypes,
  sectionTypes,
  TicketType,
  TicketTypeInput,
  ticketTypeProblems,
  ticketTypesOf,
  TypedSection,
} from './ticket-types';
import { questionProblems, QuestionInput, questionsOf } from './questions';

/** An event as its organizer describes it (the create body, and every field a change may carry). */
export interface NewEvent {
  title: string;
  description?: string | null;
  venue: { name: string; city: string; address?: string | null };
  startsAt: string;
  endsAt: string;
  timeZone: string;
  capacity?: number;
  seating?: { sections: (SeatingSection & TypedSection)[] };
  ticketTypes?: TicketTypeInput[];
  visibility?: EventVisibility;
  waitlist?: Partial<WaitlistSettings>;
  reminders?: number[];
  refundWindowHours?: number | null;
  questions?: QuestionInput[];
  onSale?: OnSaleInput | null;
}

/** How the organizer says the sale opens (the defaults filled in by onSaleOf). */
export interface OnSaleInput {
  queue: boolean;
  opensAt: string;
  admitPerMinute?: number | null;
  passMinutes?: number;
}

/** The stored on-sale settings: the instant in UTC, the defaults filled in. */
export function onSaleOf(input: OnSaleInput | null | undefined): OnSale | null {
  if (!input) return null;
  return {
    queue: input.queue,
    opensAt: new Date(input.opensAt).toISOString(),
    admitPerMinute: input.admitPerMinute ?? null,
    passMinutes: input.passMinutes ?? 10,
  };
}

export type EventChanges = Partial<NewEvent>;

/** The fields a change can touch, named as in the API (the `changed` list of `event.updated`). */
export type ChangedField =
  | 'title'
  | 'description'
  | 'venue'
  | 'startsAt'
  | 'endsAt'
  | 'timeZone'
  | 'capacity'
  | 'seating'
  | 'visibility'
  | 'waitlist'
  | 'reminders'
  | 'refundWindowHours'
  | 'questions'
  | 'onSale'
  | 'ticketTypes';

/** What a change does to a stored event: the columns that differ, and the API fields they belong to. */
export interface EventChange {
  next: Partial<EventEntity>;
  changed: ChangedField[];
}

/** The event's types and its plan with each section's type, or why the types cannot be. */
export type TypedPlan = { ticketTypes: TicketType[]; seating: SeatingPlan | null } | { problems: Problems };

/**
 * The types an event sells and its plan's sections typed, from what a create or change gives (`input`) over
 * what the event has (`current`): given types replace the list (ids keep a type), none on create means one
 * free type; every section sells the type it names, or the first.
 */
export function typedPlan(
  current: Pick<EventEntity, 'ticketTypes' | 'seating'>,
  input: Pick<NewEvent, 'ticketTypes' | 'seating'>,
  seating: SeatingPlan | null | undefined,
): TypedPlan {
  const typed = input.ticketTypes
    ? ticketTypesOf(input.ticketTypes, current.ticketTypes)
    : { types: current.ticketTypes.length > 0 ? current.ticketTypes : defaultTicketTypes() };
  if ('problems' in typed) return typed;
  const plan = seating === undefined ? current.seating : seating;
  if (!plan) return { ticketTypes: typed.types, seating: null };
  const sections = sectionTypes(input.seating?.sections ?? plan.sections, typed.types);
  if ('problems' in sections) return sections;
  return {
    ticketTypes: typed.types,
    seating: { sections: plan.sections.map((s, i) => ({ ...s, ticketTypeId: sections.ids[i] })) },
  };
}

/** Problems by field; empty when the rule holds. */
export type Problems = Record<string, string[]>;

/** A plan as stored: only the fields the plan is made of. */
export const plainPlan = (plan: SeatingPlan): SeatingPlan => ({
  sections: plan.sections.map(({ name, rows, seatsPerRow, ticketTypeId }) => ({
    name,
    rows,
    seatsPerRow,
    ...(ticketTypeId && { ticketTypeId }),
  })),
});

/** Largest first, each once. */
export const orderedReminders = (minutes: number[]): number[] => [...new Set(minutes)].sort((a, b) => b - a);

export const canManage = (caller: AuthUser | undefined, event: EventEntity): boolean =>
  caller !== undefined && (caller.role === Role.Admin || caller.id === event.organizerId);

export const isPubliclyVisible = (event: EventEntity): boolean =>
  event.status !== StoredEventStatus.Draft && event.visibility === EventVisibility.Public;

/** Drafts and private events exist only for their organizer and admins. */
export const canSee = (caller: AuthUser | undefined, event: EventEntity): boolean =>
  isPubliclyVisible(event) || canManage(caller, event);

/** The columns of a new draft. */
export function draftOf(id: string, organizerId: string, input: NewEvent): Partial<EventEntity> {
  return {
    id,
    organizerId,
    title: input.title,
    description: input.description || null,
    venueName: input.venue.name,
    venueCity: input.venue.city,
    venueAddress: input.venue.address ?? null,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    timeZone: input.timeZone,
    capacity: input.capacity ?? null,
    seating: input.seating ? plainPlan(input.seating) : null,
    ticketTypes: [],
    status: StoredEventStatus.Draft,
    visibility: input.visibility ?? EventVisibility.Public,
    waitlistEnabled: input.waitlist?.enabled ?? WAITLIST_DEFAULTS.enabled,
    waitlistOfferMinutes: input.waitlist?.offerMinutes ?? WAITLIST_DEFAULTS.offerMinutes,
    reminders: orderedReminders(input.reminders ?? REMINDER_DEFAULTS),
    refundWindowHours: input.refundWindowHours ?? null,
    questions: questionsOf(input.questions ?? []),
    onSale: onSaleOf(input.onSale),
    version: 1,
  };
}

/** Rules on the event as a whole, by field: end after start, exactly one admission mode, a sane plan. */
export function shapeProblems(
  event: Pick<EventEntity, 'startsAt' | 'endsAt' | 'capacity' | 'seating' | 'ticketTypes'> &
    Partial<Pick<EventEntity, 'onSale'>>,
): Problems {
  const places = event.capacity ?? (event.seating ? seatCount(event.seating) : null);
  const problems: Problems = { ...ticketTypeProblems(event.ticketTypes, places) };
  if (event.endsAt.getTime() <= event.startsAt.getTime()) problems.endsAt = ['endsAt must be after startsAt'];
  if (event.onSale && Date.parse(event.onSale.opensAt) >= event.endsAt.getTime()) {
    problems['onSale.opensAt'] = ['the sale must open before the event ends'];
  }
  if ((event.capacity === null) === (event.seating === null)) {
    const one = ['exactly one of capacity (general admission) or seating (reserved seats) is required'];
    problems.capacity = one;
    problems.seating = one;
  }
  return event.seating ? { ...problems, ...planProblems(event.seating) } : problems;
}

/** Capacity and seating switch the admission mode: a change gives one or the other. */
export function changeProblems(changes: EventChanges): Problems {
  const problems = questionProblems(changes.questions ?? []);
  if (changes.capacity === undefined || changes.seating === undefined) return problems;
  const both = ['give either capacity or seating, not both'];
  return { ...problems, capacity: both, seating: both };
}

/**
 * What `changes` would do to `event`: only columns whose value differs, each named by the API field it
 * belongs to. Giving capacity drops the plan and giving a plan drops the capacity (the admission mode flips).
 */
export function changesOf(
  event: EventEntity,
  changes: EventChanges,
  typed?: { ticketTypes: TicketType[]; seating: SeatingPlan | null },
): EventChange {
  const next: Partial<EventEntity> = {};
  const changed: ChangedField[] = [];
  const set = <K extends keyof EventEntity>(field: ChangedField, key: K, value: EventEntity[K]) => {
    if (JSON.stringify(value) === JSON.stringify(event[key])) return;
    next[key] = value;
    if (!changed.includes(field)) changed.push(field);
  };
  if (changes.title !== undefined) set('title', 'title', changes.title);
  if (changes.description !== undefined) set('description', 'description', changes.description || null);
  if (changes.venue !== undefined) {
    set('venue', 'venueName', changes.venue.name);
    set('venue', 'venueCity', changes.venue.city);
    set('venue', 'venueAddress', changes.venue.address ?? null);
  }
  if (changes.startsAt !== undefined) set('startsAt', 'startsAt', new Date(changes.startsAt));
  if (changes.endsAt !== undefined) set('endsAt', 'endsAt', new Date(changes.endsAt));
  if (changes.timeZone !== undefined) set('timeZone', 'timeZone', changes.timeZone);
  if (changes.visibility !== undefined) set('visibility', 'visibility', changes.visibility);
  if (changes.waitlist?.enabled !== undefined) set('waitlist', 'waitlistEnabled', changes.waitlist.enabled);
  if (changes.waitlist?.offerMinutes !== undefined) {
    set('waitlist', 'waitlistOfferMinutes', changes.waitlist.offerMinutes);
  }
  if (changes.reminders !== undefined) set('reminders', 'reminders', orderedReminders(changes.reminders));
  if (changes.refundWindowHours !== undefined) {
    set('refundWindowHours', 'refundWindowHours', changes.refundWindowHours);
  }
  if (changes.questions !== undefined) set('questions', 'questions', questionsOf(changes.questions));
  if (changes.onSale !== undefined) set('onSale', 'onSale', onSaleOf(changes.onSale));
  if (typed) {
    set('ticketTypes', 'ticketTypes', typed.ticketTypes);
    if (changes.seating === undefined && changes.capacity === undefined && typed.seating) {
      set('seating', 'seating', typed.seating);
    }
  }
  if (changes.capacity !== undefined) {
    set('capacity', 'capacity', changes.capacity);
    if (event.seating) set('seating', 'seating', null);
  }
  if (changes.seating !== undefined) {
    set('seating', 'seating', plainPlan(typed?.seating ?? changes.seating));
    if (event.capacity !== null) set('capacity', 'capacity', null);
  }
  return { next, changed };
}

/**
 * Why a published event's plan cannot become `next`'s: it may not switch admission mode, and seats may be
 * added but never removed or relabelled (they may be sold). Null when the change is allowed.
 */
export function planChangeRefusal(
  current: Pick<EventEntity, 'seating'>,
  next: Pick<EventEntity, 'seating'>,
): { message: string; sections?: string[] } | null {
  if ((current.seating === null) !== (next.seating === null)) {
    return { message: 'A published event cannot switch between general admission and reserved seating' };
  }
  if (current.seating && next.seating) {
    const sections = plansRemovingSeats(current.seating, next.seating);
    if (sections.length > 0) {
      return { message: 'Seats of a published event can be added, never removed or relabelled', sections };
    }
  }
  return null;
}

/** Whether a capacity cut needs the booked count checked (it only matters when general admission shrinks). */
export const capacityShrinks = (current: EventEntity, next: Pick<EventEntity, 'capacity'>): boolean =>
  next.capacity !== null && current.capacity !== null && next.capacity < current.capacity;

/** What booking-service and the notifier need of an event, as carried by every event fact. */
export function snapshotOf(event: EventEntity): EventSnapshot {
  return {
    eventId: event.id,
    version: event.version,
    organizerId: event.organizerId,
    title: event.title,
    status: effectiveStatus(event.status, event.endsAt),
    visibility: event.visibility,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    timeZone: event.timeZone,
    venue: { name: event.venueName, city: event.venueCity, address: event.venueAddress },
    capacity: event.capacity,
    seats: event.seating ? seatsOf(event.seating) : null,
    waitlist: { enabled: event.waitlistEnabled, offerMinutes: event.waitlistOfferMinutes },
    reminders: event.reminders,
    ticketTypes: event.ticketTypes,
    refundWindowHours: event.refundWindowHours,
    questions: event.questions,
    onSale: event.onSale,
  };
}
