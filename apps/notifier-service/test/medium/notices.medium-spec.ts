// notifier-service's rules against its real database (medium tier): every notice and every email a person
// gets for one cause, whatever its type, counted in the tables. No HTTP, no broker traffic, no SMTP server
// (emails stay pending, so they can be counted).
import { BookingConfirmedV1, CancelReason } from '@evently/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { makeEventSnapshot } from '@evently/testing/facts';
import { MediumService, startMedium } from '@evently/testing/medium';
import { AppModule } from '../../src/app.module';
import { BookingFactsService } from '../../src/booking-facts/booking-facts.service';
import { EmailDeliveryService } from '../../src/email/email-delivery.service';
import { EmailOutboxRepository } from '../../src/email/email-outbox.repository';
import { Mailer } from '../../src/email/mailer';
import { EventFactsService } from '../../src/event-facts/event-facts.service';
import { FanoutService } from '../../src/fanout/fanout.service';
import { UserFactsService } from '../../src/user-facts/user-facts.service';

const booking = (eventId: string, userId = randomUUID()): BookingConfirmedV1 => ({
  bookingId: randomUUID(),
  eventId,
  userId,
  quantity: 1,
  seats: [],
});

interface Received {
  type: string;
  notifications: number;
  emails: number;
}

describe('notifier-service notices, medium tier', () => {
  let svc: MediumService;
  let users: UserFactsService;
  let events: EventFactsService;
  let bookings: BookingFactsService;
  let fanouts: FanoutService;

  beforeAll(async () => {
    svc = await startMedium(AppModule, 'medium-notifier-service', {
      // Nothing listens there: emails stay pending and are counted as written.
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '9',
      EMAIL_POLL_INTERVAL_MS: '60000',
      FANOUT_BATCH_SIZE: '7',
      FANOUT_POLL_INTERVAL_MS: '60000',
    });
    users = svc.get(UserFactsService);
    events = svc.get(EventFactsService);
    bookings = svc.get(BookingFactsService);
    fanouts = svc.get(FanoutService);
    // The tests drive delivery rounds themselves: the loop's own first round (at boot, with emails a
    // previous run left due) must not race them with the real mailer.
    await svc.get(EmailDeliveryService).onApplicationShutdown();
  }, 60_000);
  afterAll(() => svc.close());

  const inTx = (work: (manager: EntityManager) => Promise<unknown>) => svc.dataSource.transaction(work);

  /** Everything `userId` got about `eventId`, by type: notifications and their emails. */
  async function receivedBy(userId: string, eventId?: string): Promise<Received[]> {
    return svc.query<Received>(
      `SELECT n.type, count(DISTINCT n.id)::int AS notifications, count(e.id)::int AS emails
       FROM notifications n LEFT JOIN emails e ON e.notification_id = n.id
       WHERE n.user_id = $1 AND ($2::text IS NULL OR n.data->>'eventId' = $2)
       GROUP BY n.type ORDER BY n.type`,
      [userId, eventId ?? null],
    );
  }

  const drainFanouts = async () => {
    while (await fanouts.runBatch()) {
      // one batch per transaction
    }
  };

  it('welcomes a new user once, and not again when the account changes', async () => {
    const user = {
      userId: randomUUID(),
      email: 'new@example.test',
      fullName: 'New Person',
      role: 'customer' as const,
    };
    await inTx((m) => users.registered(m, user));
    await inTx((m) => users.registered(m, user));
    await inTx((m) => users.updated(m, { ...user, fullName: 'Renamed' }));
    expect(await receivedBy(user.userId)).toEqual([{ type: 'welcome', notifications: 1, emails: 1 }]);
  });

  it('tells a booking once, with one email, however often its fact arrives', async () => {
    const event = makeEventSnapshot();
    await inTx((m) => events.published(m, event));
    const fact = booking(event.eventId);
    for (let i = 0; i < 3; i++) await inTx((m) => bookings.confirmed(m, fact));
    expect(await receivedBy(fact.userId, event.eventId)).toEqual([
      { type: 'booking_confirmed', notifications: 1, emails: 1 },
    ]);
    const [email] = await svc.query<{ ics: string | null }>(`SELECT ics FROM emails WHERE user_id = $1`, [
      fact.userId,
    ]);
    expect(email.ics).toContain('BEGIN:VCALENDAR');
  });

  it('sends an email once when recording it as sent fails for a moment (the database restarting)', async () => {
    // Only this test's emails are due: others stay pending, unsent, as the rest of this file expects.
    await svc.query(`UPDATE emails SET next_attempt_at = now() + interval '1 day' WHERE status = 'pending'`);
    const event = makeEventSnapshot();
    await inTx((m) => events.published(m, event));
    const fact = booking(event.eventId);
    const address = `once-${fact.userId}@example.test`;
    await inTx((m) =>
      users.registered(m, { userId: fact.userId, email: address, fullName: 'Once', role: 'customer' }),
    );
    await inTx((m) => bookings.confirmed(m, fact));
    const send = jest.spyOn(svc.get(Mailer), 'send').mockResolvedValue(undefined);
    const lost = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const markSent = jest.spyOn(svc.get(EmailOutboxRepository), 'markSent').mockRejectedValueOnce(lost);
    try {
      const delivery = svc.get(EmailDeliveryService) as unknown as { round(): Promise<boolean> };
      while (await delivery.round()) {
        // one claimed batch per round
      }
      const rows = await svc.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM emails WHERE user_id = $1`,
        [fact.userId],
      );
      expect(rows).toEqual([
        { status: 'sent', attempts: 1 },
        { status: 'sent', attempts: 1 },
      ]);
      expect(send.mock.calls.filter(([mail]) => mail.to === address)).toHaveLength(2);
    } finally {
      send.mockRestore();
      markSent.mockRestore();
    }
  });

  it("records the sent emails of a batch when recording another one's failure fails (the database restarting)", async () => {
    await svc.query(`UPDATE emails SET next_attempt_at = now() + interval '1 day' WHERE status = 'pending'`);
    const event = makeEventSnapshot();
    await inTx((m) => events.published(m, event));
    const facts = [booking(event.eventId), booking(event.eventId)];
    const [refused, taken] = facts.map((f, i) => `mixed-${i}-${f.userId}@example.test`);
    for (const [i, fact] of facts.entries()) {
      await inTx((m) =>
        users.registered(m, {
          userId: fact.userId,
          email: i === 0 ? refused : taken,
          fullName: `Mixed ${i}`,
          role: 'customer',
        }),
      );
      await inTx((m) => bookings.confirmed(m, fact));
    }
    const send = jest
      .spyOn(svc.get(Mailer), 'send')
      .mockImplementation((mail) =>
        mail.to === refused ? Promise.reject(new Error('452 mailbox full')) : Promise.resolve(),
      );
    const lost = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const failed = jest.spyOn(svc.get(EmailOutboxRepository), 'markAttemptFailed').mockRejectedValue(lost);
    try {
      const delivery = svc.get(EmailDeliveryService) as unknown as { round(): Promise<boolean> };
      expect(await delivery.round()).toBe(true);
      const rows = await svc.query<{ user_id: string; status: string; claimed: boolean }>(
        `SELECT user_id, status, locked_until IS NOT NULL AS claimed FROM emails WHERE user_id = ANY($1::uuid[])`,
        [facts.map((f) => f.userId)],
      );
      // The taken address's welcome and confirmation went and are recorded (no second email when a claim
      // lapses); the refused address's stay claimed, to be tried again when the claim lapses.
      const of = (userId: string) =>
        rows.filter((r) => r.user_id === userId).map((r) => [r.status, r.claimed]);
      expect(of(facts[1].userId)).toEqual([
        ['sent', false],
        ['sent', false],
      ]);
      expect(of(facts[0].userId)).toEqual([
        ['pending', true],
        ['pending', true],
      ]);
      expect(failed).toHaveBeenCalledTimes(2);
    } finally {
      send.mockRestore();
      failed.mockRestore();
    }
  });

  it('records a delivered batch of emails as sent in one statement, each with its own address', async () => {
    await svc.query(`UPDATE emails SET next_attempt_at = now() + interval '1 day' WHERE status = 'pending'`);
    const event = makeEventSnapshot();
    await inTx((m) => events.published(m, event));
    const facts = [booking(event.eventId), booking(event.eventId), booking(event.eventId)];
    for (const [i, fact] of facts.entries()) {
      await inTx((m) =>
        users.registered(m, {
          userId: fact.userId,
          email: `batch-${i}-${fact.userId}@example.test`,
          fullName: `Batch ${i}`,
          role: 'customer',
        }),
      );
      await inTx((m) => bookings.confirmed(m, fact));
    }
    const send = jest.spyOn(svc.get(Mailer), 'send').mockResolvedValue(undefined);
    const markSent = jest.spyOn(svc.get(EmailOutboxRepository), 'markSent');
    try {
      const delivery = svc.get(EmailDeliveryService) as unknown as { round(): Promise<boolean> };
      expect(await delivery.round()).toBe(true);
      // Three welcomes and three confirmations: one claimed batch, one statement recording it.
      expect(markSent).toHaveBeenCalledTimes(1);
      expect(markSent.mock.calls[0][0]).toHaveLength(6);
      const rows = await svc.query<{ status: string; attempts: number; to_address: string }>(
        `SELECT status, attempts, to_address FROM emails WHERE user_id = ANY($1::uuid[]) ORDER BY to_address`,
        [facts.map((f) => f.userId)],
      );
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(6).fill(['sent', 1]));
      expect(new Set(rows.map((r) => r.to_address))).toEqual(
        new Set(facts.map((f, i) => `batch-${i}-${f.userId}@example.test`)),
      );
    } finally {
      send.mockRestore();
      markSent.mockRestore();
    }
  });

  it('refuses a booking fact that overtakes its event, so that the consumer retries it', async () => {
    await expect(inTx((m) => bookings.confirmed(m, booking(randomUUID())))).rejects.toThrow(/not known yet/);
  });

  it('tells a holder whose booking was cancelled by an admin, once', async () => {
    const event = makeEventSnapshot();
    await inTx((m) => events.published(m, event));
    const fact = booking(event.eventId);
    await inTx((m) => bookings.confirmed(m, fact));
    const cancelled = { ...fact, reason: CancelReason.AdminCancelled };
    await inTx((m) => bookings.cancelled(m, cancelled));
    await inTx((m) => bookings.cancelled(m, cancelled));
    expect(await receivedBy(fact.userId, event.eventId)).toEqual([
      { type: 'booking_cancelled', notifications: 1, emails: 1 },
      { type: 'booking_confirmed', notifications: 1, emails: 1 },
    ]);
  });

  it('gives each attendee of a cancelled event one notice and one email in all, whatever the order of facts', async () => {
    const event = makeEventSnapshot();
    await inTx((m) => events.published(m, event));
    const people = Array.from({ length: 30 }, () => randomUUID());
    // Some hold two bookings; each person still hears once.
    const facts = [...people, ...people.slice(0, 10)].map((userId) => booking(event.eventId, userId));
    for (const fact of facts) await inTx((m) => bookings.confirmed(m, fact));
    const cancelledFact = {
      eventId: event.eventId,
      reason: 'Storm',
      snapshot: { ...event, version: 3, status: 'cancelled' as const },
    };
    // Half the booking cancellations before the event's own fact, half after; the event fact twice.
    for (const fact of facts.slice(0, 20))
      await inTx((m) => bookings.cancelled(m, { ...fact, reason: CancelReason.EventCancelled }));
    await inTx((m) => events.cancelled(m, cancelledFact));
    await inTx((m) => events.cancelled(m, cancelledFact));
    for (const fact of facts.slice(20))
      await inTx((m) => bookings.cancelled(m, { ...fact, reason: CancelReason.EventCancelled }));
    await drainFanouts();

    for (const person of people) {
      const got = (await receivedBy(person, event.eventId)).filter((r) => r.type !== 'booking_confirmed');
      expect({ person, got }).toEqual({
        person,
        got: [{ type: 'event_cancelled', notifications: 1, emails: 1 }],
      });
    }
  });

  it('tells current attendees of a change of time once per event version, not of a new title', async () => {
    const event = makeEventSnapshot();
    await inTx((m) => events.published(m, event));
    const fact = booking(event.eventId);
    await inTx((m) => bookings.confirmed(m, fact));
    const moved = { ...event, version: 3, startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() };
    await inTx((m) => events.updated(m, { eventId: event.eventId, changed: ['startsAt'], snapshot: moved }));
    await inTx((m) => events.updated(m, { eventId: event.eventId, changed: ['startsAt'], snapshot: moved }));
    const renamed = { ...moved, version: 4, title: 'New name' };
    await inTx((m) => events.updated(m, { eventId: event.eventId, changed: ['title'], snapshot: renamed }));
    await drainFanouts();
    expect(await receivedBy(fact.userId, event.eventId)).toEqual([
      { type: 'booking_confirmed', notifications: 1, emails: 1 },
      { type: 'event_updated', notifications: 1, emails: 1 },
    ]);
  });
});
