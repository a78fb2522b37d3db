// The notifier under load and faults: a 300-attendee fan-out in batches, a fact parked in the DLQ, live pushes
// across instances, and a fan-out resumed after an interruption.
import { makeEventSnapshot } from '@evently/testing/facts';
import { book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { useFactTap } from '@evently/testing/fact-tap';
import { queryServiceDb, withServiceDb } from '@evently/testing/service-db';
import { openSse } from '@evently/testing/sse-client';
import amqplib from 'amqplib';
import { randomUUID } from 'node:crypto';
import { stackEnv } from '@evently/testing/stack';

describe('notifier-service: fan-out, the DLQ and pushes across instances', () => {
  const facts = useFactTap([]);

  it('tells each of 300 attendees once when their event is cancelled, in batches', async () => {
    const eventId = randomUUID();
    const snapshot = makeEventSnapshot({
      eventId,
      title: 'Big night',
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      venue: { name: 'Arena', city: 'Porto', address: null },
      capacity: 1000,
    });
    await facts.tap.publish('event.published', snapshot, { producer: 'event-service' });
    const users = Array.from({ length: 300 }, () => randomUUID());
    // Some attendees hold two bookings: still one notice each.
    const bookings = [...users, ...users.slice(0, 50)].map((userId) => ({
      bookingId: randomUUID(),
      eventId,
      userId,
      quantity: 1,
      seats: [] as string[],
    }));
    for (const b of bookings)
      await facts.tap.publish('booking.confirmed', b, { producer: 'booking-service' });
    await eventually(
      async () => {
        const [row] = await queryServiceDb<{ n: number }>(
          'notifier-service',
          `SELECT count(*)::int AS n FROM attendances WHERE event_id = $1`,
          [eventId],
        );
        return row.n === bookings.length ? true : undefined;
      },
      30000,
      'all attendances',
    );

    const cancelled = {
      eventId,
      reason: 'Storm warning',
      snapshot: { ...snapshot, version: 3, status: 'cancelled' as const },
    };
    // Booking cancellations may come before or after the event's own fact, each delivered twice.
    for (const b of bookings.slice(0, 100)) {
      await facts.tap.publish(
        'booking.cancelled',
        { ...b, reason: 'EVENT_CANCELLED' },
        { producer: 'booking-service' },
      );
    }
    const fact = await facts.tap.publish('event.cancelled', cancelled, { producer: 'event-service' });
    await facts.tap.publish('event.cancelled', cancelled, { id: fact.id, producer: 'event-service' });
    await facts.tap.publish('event.cancelled', cancelled, { producer: 'event-service' });
    for (const b of bookings.slice(100)) {
      await facts.tap.publish(
        'booking.cancelled',
        { ...b, reason: 'EVENT_CANCELLED' },
        { producer: 'booking-service' },
      );
    }

    // Every fact handled (each booking recorded cancelled, the fan-out done) before counting what people got.
    await eventually(
      async () => {
        const [row] = await queryServiceDb<{ cancelled: number; done: boolean }>(
          'notifier-service',
          `SELECT (SELECT count(*)::int FROM attendances WHERE event_id = $1 AND status = 'cancelled') AS cancelled,
                  (SELECT bool_and(done_at IS NOT NULL) FROM fanouts WHERE event_id = $1) AS done`,
          [eventId],
        );
        return row.cancelled === bookings.length && row.done ? true : undefined;
      },
      30000,
      'every cancellation handled and the fan-out done',
    );
    // Everything each person got for the cancellation, whatever its type: one notice and one email.
    const perUser = await queryServiceDb<{
      user_id: string;
      types: string[];
      notifications: number;
      emails: number;
    }>(
      'notifier-service',
      `SELECT n.user_id, array_agg(DISTINCT n.type) AS types, count(DISTINCT n.id)::int AS notifications,
              count(e.id)::int AS emails
       FROM notifications n LEFT JOIN emails e ON e.notification_id = n.id
       WHERE n.data->>'eventId' = $1 AND n.type <> 'booking_confirmed'
       GROUP BY n.user_id`,
      [eventId],
    );
    expect(new Set(perUser.map((r) => r.user_id))).toEqual(new Set(users));
    expect(
      perUser.filter((r) => r.notifications !== 1 || r.emails !== 1 || r.types.join() !== 'event_cancelled'),
    ).toEqual([]);
  });

  it('parks an invalid fact in the DLQ', async () => {
    const connection = await amqplib.connect(stackEnv('EVENTLY_RABBITMQ_URL'));
    try {
      const channel = await connection.createChannel();
      const bad = await facts.tap.publish('booking.confirmed', { bookingId: 'not-a-uuid', quantity: -1 });
      const parked = await eventually(
        async () => {
          for (;;) {
            const message = await channel.get('notifier-service.dlq', { noAck: false });
            if (!message) return undefined;
            if (message.properties.messageId === bad.id) {
              channel.ack(message);
              return message;
            }
            channel.nack(message, false, true);
            return undefined;
          }
        },
        15000,
        'the invalid fact in notifier-service.dlq',
      );
      expect(String(parked.properties.headers?.['x-error-reason'])).toMatch(/invalid|payload/i);
    } finally {
      await connection.close();
    }
  });

  it('pushes to a user connected to either instance, whichever instance created the notification', async () => {
    const buyer = await registeredCaller('customer');
    const event = await onSaleEvent(makeCaller('organizer'), { capacity: 10 });
    const base = Number(stackEnv('EVENTLY_NOTIFIER_SERVICE_PORT'));
    const instances = Number(stackEnv('EVENTLY_NOTIFIER_SERVICE_INSTANCES'));
    expect(instances).toBeGreaterThanOrEqual(2);
    const streams = [0, 1].map((i) =>
      openSse('/api/v1/notifications/stream', buyer.token, `http://127.0.0.1:${base + i}`),
    );
    expect(await Promise.all(streams.map((s) => s.status))).toEqual([200, 200]);
    const booking = (await book(buyer, { eventId: event.id, quantity: 1 })).json() as { id: string };
    // Exactly one instance handled the booking fact; both connections must see its notification.
    for (const stream of streams) {
      await eventually(
        () => stream.events.find((e) => e.event === 'notification' && e.data.includes(booking.id)),
        10000,
        'the notification on each instance',
      );
      stream.close();
    }
  });

  it('resumes an interrupted fan-out where it stopped, without a second notice', async () => {
    // The state a crash leaves behind: the first batches committed (notices and cursor), the rest not.
    const eventId = randomUUID();
    const users = Array.from({ length: 250 }, () => randomUUID()).sort();
    const cause = `event-cancelled:${eventId}`;
    await withServiceDb('notifier-service', async (db) => {
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO attendances (booking_id, event_id, user_id, quantity, seats, status)
         SELECT gen_random_uuid(), $1, u, 1, '{}', 'confirmed' FROM unnest($2::uuid[]) AS u`,
        [eventId, users],
      );
      await db.query(
        `INSERT INTO notifications (id, user_id, type, cause, title, body, data)
         SELECT gen_random_uuid(), u, 'event_cancelled', $1, 'Gone', 'Gone', jsonb_build_object('eventId', $2::text)
         FROM unnest($3::uuid[]) AS u`,
        [cause, eventId, users.slice(0, 100)],
      );
      await db.query(
        `INSERT INTO fanouts (id, event_id, cause, type, audience, title, body, data, after_user_id)
         VALUES (gen_random_uuid(), $1::uuid, $2, 'event_cancelled', 'cancelled_with_event', 'Gone', 'Gone',
                 jsonb_build_object('eventId', $1::text), $3)`,
        [eventId, cause, users[99]],
      );
      await db.query('COMMIT');
    });
    const counts = await eventually(
      async () => {
        const rows = await queryServiceDb<{ user_id: string; n: number }>(
          'notifier-service',
          `SELECT user_id, count(*)::int AS n FROM notifications WHERE cause = $1 GROUP BY user_id`,
          [cause],
        );
        return rows.length === 250 ? rows : undefined;
      },
      15000,
      'the rest of the fan-out',
    );
    expect(counts.every((r) => r.n === 1)).toBe(true);
    const [emails] = await queryServiceDb<{ n: number }>(
      'notifier-service',
      `SELECT count(*)::int AS n FROM emails e JOIN notifications n ON n.id = e.notification_id WHERE n.cause = $1`,
      [cause],
    );
    // Only the 150 resumed ones got their email here (the 100 "before the crash" were seeded without).
    expect(emails.n).toBe(150);
  });
});
