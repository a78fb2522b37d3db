import { AuthUser, Role } from '@evently/auth';
import { EventEntity } from './event.entity';
import {
  canSee,
  capacityShrinks,
  changeProblems,
  changesOf,
  draftOf,
  orderedReminders,
  planChangeRefusal,
  shapeProblems,
  snapshotOf,
} from './event.rules';
import { EventVisibility, StoredEventStatus } from './event-status';
import { defaultTicketTypes } from './ticket-types';

const organizer: AuthUser = {
  id: 'o-1',
  email: 'o@x.test',
  role: Role.Organizer,
  tokenVersion: 0,
  sessionId: null,
};
const stranger: AuthUser = { ...organizer, id: 's-1', role: Role.Customer };

const makeEvent = (overrides: Partial<EventEntity> = {}): EventEntity =>
  ({
    ...draftOf('e-1', organizer.id, {
      title: 'Gig',
      venue: { name: 'Hall', city: 'Oslo' },
      startsAt: '2027-03-01T18:00:00Z',
      endsAt: '2027-03-01T21:00:00Z',
      timeZone: 'Europe/Oslo',
      capacity: 100,
    }),
    ticketTypes: defaultTicketTypes(),
    ...overrides,
  }) as EventEntity;

const plan = (rows: number) => ({ sections: [{ name: 'A', rows, seatsPerRow: 4 }] });

describe('event rules', () => {
  it('keeps reminders largest first, each once', () => {
    expect(orderedReminders([60, 1440, 60, 15])).toEqual([1440, 60, 15]);
  });

  it('lets only the organizer and admins see a draft', () => {
    const draft = makeEvent();
    expect(canSee(organizer, draft)).toBe(true);
    expect(canSee({ ...stranger, role: Role.Admin }, draft)).toBe(true);
    expect(canSee(stranger, draft)).toBe(false);
    expect(canSee(undefined, makeEvent({ status: StoredEventStatus.Published }))).toBe(true);
    const hidden = makeEvent({ status: StoredEventStatus.Published, visibility: EventVisibility.Private });
    expect(canSee(undefined, hidden)).toBe(false);
  });

  it('names endsAt when the event ends before it starts', () => {
    const event = makeEvent({ endsAt: new Date('2027-03-01T17:00:00Z') });
    expect(Object.keys(shapeProblems(event))).toEqual(['endsAt']);
  });

  it('requires exactly one admission mode', () => {
    expect(Object.keys(shapeProblems(makeEvent({ capacity: null })))).toEqual(['capacity', 'seating']);
    expect(Object.keys(shapeProblems(makeEvent({ seating: plan(2) })))).toEqual(['capacity', 'seating']);
    expect(shapeProblems(makeEvent())).toEqual({});
  });

  it('refuses a change that gives both capacity and seating', () => {
    expect(Object.keys(changeProblems({ capacity: 5, seating: plan(1) }))).toEqual(['capacity', 'seating']);
    expect(changeProblems({ capacity: 5 })).toEqual({});
  });

  it('lists only the fields whose values differ, by their API names', () => {
    const event = makeEvent();
    const change = changesOf(event, {
      title: 'Gig',
      venue: { name: 'Hall', city: 'Bergen' },
      timeZone: 'Europe/Oslo',
      reminders: [15, 60, 15],
    });
    expect(change.changed).toEqual(['venue', 'reminders']);
    expect(change.next).toEqual({ venueCity: 'Bergen', reminders: [60, 15] });
  });

  it('names a new time zone, and carries the zone in the snapshot every fact holds', () => {
    const event = makeEvent();
    const change = changesOf(event, { timeZone: 'America/New_York' });
    expect(change).toEqual({ next: { timeZone: 'America/New_York' }, changed: ['timeZone'] });
    expect(snapshotOf({ ...event, ...change.next }).timeZone).toBe('America/New_York');
  });

  it('finds nothing to change when every value is the same', () => {
    const event = makeEvent();
    expect(changesOf(event, { title: 'Gig', capacity: 100 })).toEqual({ next: {}, changed: [] });
  });

  it('drops the capacity when a plan is given, and the plan when a capacity is given', () => {
    const toSeats = changesOf(makeEvent(), { seating: plan(2) });
    expect(toSeats.changed).toEqual(['seating', 'capacity']);
    expect(toSeats.next.capacity).toBeNull();
    const toGa = changesOf(makeEvent({ capacity: null, seating: plan(2) }), { capacity: 10 });
    expect(toGa.changed).toEqual(['capacity', 'seating']);
    expect(toGa.next.seating).toBeNull();
  });

  it('lets a published plan grow but never lose seats or switch mode', () => {
    const seated = { seating: plan(2) };
    expect(planChangeRefusal(seated, { seating: plan(3) })).toBeNull();
    expect(planChangeRefusal(seated, { seating: plan(1) })).toMatchObject({ sections: ['A'] });
    expect(planChangeRefusal(seated, { seating: null })?.message).toMatch(/cannot switch/);
  });

  it('checks booked places only when general admission shrinks', () => {
    const event = makeEvent();
    expect(capacityShrinks(event, { capacity: 99 })).toBe(true);
    expect(capacityShrinks(event, { capacity: 100 })).toBe(false);
    expect(capacityShrinks(event, { capacity: null })).toBe(false);
  });
});
