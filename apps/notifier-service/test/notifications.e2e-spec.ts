import { makeEventSnapshot } from '@evently/testing/facts';
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { FactTap } from '@evently/testing/fact-tap';
import { attachmentOf, mailsTo } from '@evently/testing/mail-catcher';
import { queryServiceDb, withServiceDb } from '@evently/testing/service-db';
import { openSse } from '@evently/testing/sse-client';
import amqplib from 'amqplib';
import { randomUUID } from 'node:crypto';
import { stackEnv } from '@evently/testing/stack';

interface NotificationBody {
  id: string;
  type: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  data: Record<string, unknown>;
}

const inbox = async (
  caller: { token: string; role: 'customer' | 'organizer' | 'admin'; id: string },
  query = '',
) =>
  (await api('GET', `/notifications${query}`, { caller })).json() as {
    items: NotificationBody[];
    nextCursor: string | null;
  };

describe('notifier-service: email, inbox and live stream', () => {
  let tap: FactTap;
  beforeAll(async () => {
    tap = await FactTap.open([]);
  });
  afterAll(async () => {
    await tap.close();
  });

  it('welcomes a new user by email and in the inbox, once', async () => {
    const user = await registeredCaller('customer', 'Rosa Mota');
    const [welcome] = await eventually(
      async () => {
        const items = (await inbox(user)).items;
        return items.length > 0 ? items : undefined;
      },
      15000,
      'the welcome notification',
    );
    expect(welcome).toMatchObject({ type: 'welcome', title: 'Welcome to Evently, Rosa Mota', readAt: null });
    const [mail] = await eventually(
      async () => {
        const mails = await mailsTo(user.email);
        return mails.length > 0 ? mails : undefined;
      },
      15000,
      'the welcome email',
    );
    expect(mail.subject).toBe('Welcome to Evently, Rosa Mota');
    expect(mail.text).toContain('Your account is ready');
    expect(mail.html).toContain('<h2>Welcome to Evently, Rosa Mota</h2>');
  });

  describe('a seat booking', () => {
    let event: { id: string; startsAt: string };
    let buyer: Awaited<ReturnType<typeof registeredCaller>>;
    let bookingId: string;
    let pushed: { id?: string; data: string };

    beforeAll(async () => {
      const organizer = makeCaller('organizer');
      event = await onSaleEvent(organizer, {
        title: 'Harbour lights',
        capacity: undefined,
        seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 4 }] },
      });
      buyer = await registeredCaller('customer');
      const live = openSse('/api/v1/notifications/stream', buyer.token);
      expect(await live.status).toBe(200);
      // Two notifier instances: the stream may be served by either, the booking handled by the other.
      const booked = await book(buyer, { eventId: event.id, seats: ['A-1-2', 'A-1-3'] });
      expect(booked.status).toBe(201);
      bookingId = booked.json().id as string;
      pushed = await eventually(
        () => live.events.find((e) => e.event === 'notification' && e.data.includes(bookingId)),
        10000,
        'the live notification',
      );
      live.close();
    }, 30_000);

    it('is pushed live to the buyer, naming the event and the seats', () => {
      const pushedBody = JSON.parse(pushed.data) as NotificationBody;
      expect(pushedBody).toMatchObject({
        type: 'booking_confirmed',
        title: 'Booking confirmed: Harbour lights',
      });
      expect(pushedBody.body).toContain('seats A-1-2, A-1-3');
      expect(pushed.id).toBe(pushedBody.id);
    });

    it('is one inbox entry, the same as the push, with the booking in its data', async () => {
      const confirmed = (await inbox(buyer)).items.filter((n) => n.type === 'booking_confirmed');
      expect(confirmed).toEqual([JSON.parse(pushed.data)]);
      expect(confirmed[0].data).toMatchObject({ bookingId, eventId: event.id, seats: ['A-1-2', 'A-1-3'] });
    });

    it('is one email with the venue and a calendar invitation for the event', async () => {
      const mails = await eventually(
        async () => {
          const all = (await mailsTo(buyer.email)).filter((m) => m.subject.startsWith('Booking confirmed'));
          return all.length > 0 ? all : undefined;
        },
        15000,
        'the booking email',
      );
      expect(mails).toHaveLength(1);
      const ics = await attachmentOf(mails[0], 'invite.ics');
      expect(ics).toContain('BEGIN:VEVENT');
      expect(ics).toContain('SUMMARY:Harbour lights');
      expect(ics).toContain(`UID:${bookingId}@evently`);
      expect(ics).toContain(`DTSTART:${event.startsAt.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
      expect(mails[0].text).toContain('River Hall');
    });
  });

  it('creates one notification and one email however often the same fact arrives', async () => {
    const buyer = await registeredCaller('customer');
    const event = await onSaleEvent(makeCaller('organizer'), { capacity: 10 });
    const booked = (await book(buyer, { eventId: event.id, quantity: 2 })).json() as { id: string };
    const fact = { bookingId: booked.id, eventId: event.id, userId: buyer.id, quantity: 2, seats: [] };
    const first = await tap.publish('booking.confirmed', fact, { producer: 'booking-service' });
    await tap.publish('booking.confirmed', fact, { id: first.id, producer: 'booking-service' });
    await tap.publish('booking.confirmed', fact, { producer: 'booking-service' });
    const marker = await tap.publish('booking.confirmed', {
      ...fact,
      bookingId: randomUUID(),
      userId: randomUUID(),
    });
    // The marker is handled after the repeats by the same queue: once it is in, so are they.
    await eventually(
      async () => {
        const rows = await queryServiceDb(
          'notifier-service',
          `SELECT 1 FROM notifications WHERE cause = $1`,
          [`booking-confirmed:${(marker.payload as { bookingId: string }).bookingId}`],
        );
        return rows.length > 0 ? true : undefined;
      },
      15000,
      'the marker notification',
    );
    const [counts] = await queryServiceDb<{ notifications: number; emails: number }>(
      'notifier-service',
      `SELECT count(DISTINCT n.id)::int AS notifications, count(e.id)::int AS emails
       FROM notifications n LEFT JOIN emails e ON e.notification_id = n.id WHERE n.cause = $1`,
      [`booking-confirmed:${booked.id}`],
    );
    expect(counts).toEqual({ notifications: 1, emails: 1 });
    await eventually(
      async () => ((await mailsTo(buyer.email)).length === 2 ? true : undefined),
      15000,
      'emails',
    );
    expect((await mailsTo(buyer.email)).map((m) => m.subject.split(':')[0]).sort()).toEqual([
      'Booking confirmed',
      'Welcome to Evently, Test Person',
    ]);
  });

  it('tells each of 300 attendees once when their event is cancelled, in batches', async () => {
    const eventId = randomUUID();
    const snapshot = makeEventSnapshot({
      eventId,
      title: 'Big night',
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      venue: { name: 'Arena', city: 'Porto', address: null },
      capacity: 1000,
    });
    await tap.publish('event.published', snapshot, { producer: 'event-service' });
    const users = Array.from({ length: 300 }, () => randomUUID());
    // Some attendees hold two bookings: still one notice each.
    const bookings = [...users, ...users.slice(0, 50)].map((userId) => ({
      bookingId: randomUUID(),
      eventId,
      userId,
      quantity: 1,
      seats: [] as string[],
    }));
    for (const b of bookings) await tap.publish('booking.confirmed', b, { producer: 'booking-service' });
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
      await tap.publish(
        'booking.cancelled',
        { ...b, reason: 'EVENT_CANCELLED' },
        { producer: 'booking-service' },
      );
    }
    const fact = await tap.publish('event.cancelled', cancelled, { producer: 'event-service' });
    await tap.publish('event.cancelled', cancelled, { id: fact.id, producer: 'event-service' });
    await tap.publish('event.cancelled', cancelled, { producer: 'event-service' });
    for (const b of bookings.slice(100)) {
      await tap.publish(
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
      const bad = await tap.publish('booking.confirmed', { bookingId: 'not-a-uuid', quantity: -1 });
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

  describe("one user's inbox", () => {
    let owner: Awaited<ReturnType<typeof registeredCaller>>;
    let welcome: NotificationBody;

    beforeAll(async () => {
      owner = await registeredCaller('customer');
      [welcome] = await eventually(
        async () => {
          const items = (await inbox(owner)).items;
          return items.length > 0 ? items : undefined;
        },
        15000,
        'a notification',
      );
    });

    it('is empty for anyone else, who cannot mark its notifications read (404)', async () => {
      const stranger = makeCaller('customer');
      expect((await inbox(stranger)).items).toEqual([]);
      const foreign = await api('POST', `/notifications/${welcome.id}/read`, { caller: stranger });
      expect(foreign.status).toBe(404);
      expect(foreign.json()).toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    });

    it('needs a token, and knows no made-up notification', async () => {
      expect((await api('GET', '/notifications')).status).toBe(401);
      expect((await api('POST', `/notifications/${randomUUID()}/read`, { caller: owner })).status).toBe(404);
    });

    it('refuses an unread filter that is not true or false', async () => {
      expect((await api('GET', '/notifications?unread=maybe', { caller: owner })).status).toBe(400);
    });

    it('marks a notification read once, idempotently, and filters by unread', async () => {
      expect((await inbox(owner, '?unread=true')).items.map((n) => n.id)).toEqual([welcome.id]);
      const read = await api('POST', `/notifications/${welcome.id}/read`, { caller: owner });
      expect(read.status).toBe(200);
      expect(read.json().readAt).not.toBeNull();
      const again = await api('POST', `/notifications/${welcome.id}/read`, { caller: owner });
      expect(again.json().readAt).toBe(read.json().readAt);
      expect((await inbox(owner, '?unread=true')).items).toEqual([]);
      expect((await inbox(owner)).items).toHaveLength(1);
    });
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
