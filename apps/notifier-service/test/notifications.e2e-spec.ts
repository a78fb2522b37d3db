import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { useFactTap } from '@evently/testing/fact-tap';
import { attachmentOf, mailsTo } from '@evently/testing/mail-catcher';
import { queryServiceDb } from '@evently/testing/service-db';
import { openSse } from '@evently/testing/sse-client';
import { instantToZoned } from '@evently/time';
import { randomUUID } from 'node:crypto';
import { NotificationBody, inbox } from './notifications.helpers';

describe('notifier-service: email, inbox and live stream', () => {
  const facts = useFactTap([]);

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
      // On the event's own clocks (Europe/Lisbon), with the zone named.
      const wall = instantToZoned(event.startsAt, 'Europe/Lisbon').replace(/[-:]/g, '');
      expect(ics).toMatch(new RegExp(`DTSTART;TZID=Europe/Lisbon:${wall}\\d{2}\r\n`));
      expect(mails[0].text).toContain('River Hall');
    });
  });

  it('creates one notification and one email however often the same fact arrives', async () => {
    const buyer = await registeredCaller('customer');
    const event = await onSaleEvent(makeCaller('organizer'), { capacity: 10 });
    const booked = (await book(buyer, { eventId: event.id, quantity: 2 })).json() as { id: string };
    const fact = { bookingId: booked.id, eventId: event.id, userId: buyer.id, quantity: 2, seats: [] };
    const first = await facts.tap.publish('booking.confirmed', fact, { producer: 'booking-service' });
    await facts.tap.publish('booking.confirmed', fact, { id: first.id, producer: 'booking-service' });
    await facts.tap.publish('booking.confirmed', fact, { producer: 'booking-service' });
    const marker = await facts.tap.publish('booking.confirmed', {
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
});
