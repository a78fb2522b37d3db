// The analytics counters against a full recount, after a randomized concurrent workload of bookings,
// cancellations and RSVP answers on a few events (medium tier: booking-service's own database).
import { AuthUser, Role } from '@evently/auth';
import { makeEventSnapshot } from '@evently/testing/facts';
import { MediumService, startMedium } from '@evently/testing/medium';
import { randomInt, randomUUID } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { commandsOf } from './commands';
import { InventoryService } from '../../src/inventory/inventory.service';
import { InvitationService } from '../../src/invitation/invitation.service';

const person = (role = Role.Customer): AuthUser => {
  const id = randomUUID();
  return { id, email: `p-${id}@example.test`, role, tokenVersion: 0, sessionId: null };
};

describe('analytics counters, medium tier', () => {
  let svc: MediumService;
  beforeAll(async () => {
    svc = await startMedium(AppModule, 'medium-booking-service');
  }, 60_000);
  afterAll(() => svc?.close());

  it('equal a full recount of bookings and answers after 300 concurrent random operations', async () => {
    const commands = commandsOf(svc);
    const inventory = svc.get(InventoryService);
    const invitations = svc.get(InvitationService);
    const organizer = person(Role.Organizer);
    const events = [
      makeEventSnapshot({ capacity: 40, organizerId: organizer.id }),
      makeEventSnapshot({ capacity: 25, organizerId: organizer.id }),
    ];
    for (const event of events) await svc.dataSource.transaction((m) => inventory.applySnapshot(m, event));
    const guests = Array.from({ length: 20 }, () => person());
    const invitationIds = new Map<string, string>();
    for (const event of events) {
      const { items } = await invitations.invite(organizer, {
        eventId: event.eventId,
        guests: guests.map((g) => ({ email: g.email })),
        plusOnesAllowed: 2,
      });
      for (const item of items)
        invitationIds.set(`${event.eventId}:${item.invitation.email}`, item.invitation.id);
    }
    const made: { caller: AuthUser; id: string }[] = [];
    const operation = async () => {
      const event = events[randomInt(events.length)];
      const roll = randomInt(10);
      try {
        if (roll < 5) {
          const caller = person();
          const booking = await commands.book(caller, { eventId: event.eventId, quantity: 1 + randomInt(3) });
          made.push({ caller, id: booking.id });
        } else if (roll < 7 && made.length > 0) {
          const { caller, id } = made[randomInt(made.length)];
          await commands.cancel(caller, id);
        } else {
          const guest = guests[randomInt(guests.length)];
          const response = (['yes', 'no', 'maybe'] as const)[randomInt(3)];
          await commands.respond(
            { caller: guest, invitationId: invitationIds.get(`${event.eventId}:${guest.email}`)! },
            { response, plusOnes: response === 'yes' ? randomInt(3) : 0 },
          );
        }
      } catch {
        // Refusals (sold out, already cancelled) are part of the workload; they must leave no trace.
      }
    };
    await Promise.all(Array.from({ length: 300 }, operation));

    for (const event of events) {
      const [counted] = await svc.query<Record<string, number>>(
        `SELECT coalesce(sum(bookings), 0)::int AS bookings, coalesce(sum(cancellations), 0)::int AS cancellations,
                coalesce(sum(tickets), 0)::int AS tickets, coalesce(sum(rsvp_yes), 0)::int AS rsvp_yes
         FROM event_stats WHERE event_id = $1`,
        [event.eventId],
      );
      const [recount] = await svc.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM bookings WHERE event_id = $1) AS bookings,
                (SELECT count(*)::int FROM bookings WHERE event_id = $1 AND status = 'cancelled') AS cancellations,
                (SELECT coalesce(sum(quantity), 0)::int FROM bookings WHERE event_id = $1 AND status = 'confirmed')
                  + (SELECT coalesce(sum(places), 0)::int FROM invitations WHERE event_id = $1) AS tickets,
                (SELECT count(*)::int FROM invitations WHERE event_id = $1 AND status = 'yes') AS rsvp_yes`,
        [event.eventId],
      );
      expect(counted).toEqual(recount);
      const [sold] = await svc.query<{ sold: number }>(`SELECT sold FROM inventory WHERE event_id = $1`, [
        event.eventId,
      ]);
      expect(counted.tickets).toBe(sold.sold);
      const [daily] = await svc.query<Record<string, number>>(
        `SELECT coalesce(sum(bookings), 0)::int AS bookings, coalesce(sum(tickets), 0)::int AS tickets,
                coalesce(sum(cancellations), 0)::int AS cancellations FROM event_daily_stats WHERE event_id = $1`,
        [event.eventId],
      );
      expect(daily).toEqual({
        bookings: recount.bookings,
        tickets: recount.tickets,
        cancellations: recount.cancellations,
      });
    }
    const [organizerDays] = await svc.query<Record<string, number>>(
      `SELECT coalesce(sum(tickets), 0)::int AS tickets FROM organizer_daily_stats WHERE organizer_id = $1`,
      [organizer.id],
    );
    const [sold] = await svc.query<{ sold: number }>(
      `SELECT sum(sold)::int AS sold FROM inventory WHERE organizer_id = $1`,
      [organizer.id],
    );
    expect(organizerDays.tickets).toBe(sold.sold);
  }, 60_000);
});
