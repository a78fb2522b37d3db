import { eventually } from '@evently/testing/eventually';
import { api, book, Caller, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { FactTap } from '@evently/testing/fact-tap';
import { mailsTo } from '@evently/testing/mail-catcher';
import { openSse } from '@evently/testing/sse-client';
import { queryServiceDb } from '@evently/testing/service-db';

interface Notice {
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

const reminders = async (caller: Caller): Promise<Notice[]> => {
  const res = await api('GET', '/notifications?limit=100', { caller });
  return (res.json().items as Notice[]).filter((n) => n.type === 'event_reminder');
};

const remindersWhen = (caller: Caller, count: number, timeoutMs = 30_000) =>
  eventually(
    async () => {
      const found = await reminders(caller);
      return found.length >= count ? found : undefined;
    },
    timeoutMs,
    `${count} reminder(s) for ${caller.id}`,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** An event starting in `seconds`, reminded 1 minute before: the reminder is due `seconds - 60` from now. */
const startingIn = (seconds: number) => ({
  startsAt: new Date(Date.now() + seconds * 1000).toISOString(),
  endsAt: new Date(Date.now() + seconds * 1000 + 3_600_000).toISOString(),
  reminders: [1],
});

describe('reminders before events (through the gateway)', () => {
  it('reminds each attendee once per offset, live, with what they hold; not those who cancelled', async () => {
    const organizer = makeCaller('organizer');
    const event = await onSaleEvent(organizer, { title: 'Sunrise yoga', capacity: 20, ...startingIn(70) });
    expect(event).toMatchObject({ reminders: [1] });
    const [holder, canceller] = await Promise.all([
      registeredCaller('customer'),
      registeredCaller('customer'),
    ]);
    expect((await book(holder, { eventId: event.id, quantity: 1 })).status).toBe(201);
    expect((await book(holder, { eventId: event.id, quantity: 2 })).status).toBe(201);
    const cancelled = await book(canceller, { eventId: event.id, quantity: 1 });
    expect((await api('POST', `/bookings/${cancelled.json().id}/cancel`, { caller: canceller })).status).toBe(
      200,
    );
    const live = openSse('/api/v1/notifications/stream', holder.token);
    try {
      expect(await live.status).toBe(200);
      const pushed = await eventually(
        () => live.events.find((e) => e.data.includes('"event_reminder"')),
        30_000,
        'the live reminder',
      );
      const notice = JSON.parse(pushed.data) as Notice;
      expect(notice.title).toBe('Reminder: Sunrise yoga in 1 minute');
      expect(notice.body).toContain('You have 3 tickets');
      expect(notice.body).toContain('River Hall');
      expect(notice.data).toMatchObject({ eventId: event.id, minutesBefore: 1, startsAt: event.startsAt });
    } finally {
      live.close();
    }
    await sleep(1500);
    expect(await reminders(holder)).toHaveLength(1);
    expect(await reminders(canceller)).toEqual([]);
    const mails = await eventually(async () => {
      const found = (await mailsTo(holder.email)).filter((m) =>
        m.subject.startsWith('Reminder: Sunrise yoga'),
      );
      return found.length > 0 ? found : undefined;
    }, 15_000);
    expect(mails).toHaveLength(1);
  }, 60_000);

  it('reminds a guest who answered yes (with their plus-ones), by email without an account', async () => {
    const organizer = makeCaller('organizer');
    const event = await onSaleEvent(organizer, { title: 'Book club', capacity: 20, ...startingIn(68) });
    const guest = await registeredCaller('customer');
    const address = `rsvp-${guest.id}@example.test`;
    const invited = await api('POST', '/invitations', {
      caller: organizer,
      body: { eventId: event.id, guests: [{ email: guest.email }, { email: address }], plusOnesAllowed: 2 },
    });
    const items = invited.json().items as { id: string; email: string }[];
    const mine = items.find((i) => i.email === guest.email.toLowerCase())!;
    expect(
      (
        await api('POST', `/invitations/${mine.id}/rsvp`, {
          caller: guest,
          body: { response: 'yes', plusOnes: 2 },
        })
      ).status,
    ).toBe(200);
    const [invitation] = await eventually(async () => {
      const found = (await mailsTo(address)).filter((m) => m.subject.startsWith('You are invited'));
      return found.length > 0 ? found : undefined;
    });
    const token = /\/rsvp\/([A-Za-z0-9_-]{32,})/.exec(invitation.text)![1];
    expect(
      (await api('POST', '/invitations/rsvp', { body: { token, response: 'yes', plusOnes: 1 } })).status,
    ).toBe(200);
    const [notice] = await remindersWhen(guest, 1);
    expect(notice.body).toContain('You have 3 tickets');
    const mails = await eventually(async () => {
      const found = (await mailsTo(address)).filter((m) => m.subject.startsWith('Reminder: Book club'));
      return found.length > 0 ? found : undefined;
    }, 20_000);
    expect(mails[0].text).toContain('You have 2 tickets');
  }, 60_000);

  it('re-plans when the event moves, and skips a reminder whose time has passed', async () => {
    const organizer = makeCaller('organizer');
    const event = await onSaleEvent(organizer, { capacity: 20, ...startingIn(66) });
    const attendee = await registeredCaller('customer');
    expect((await book(attendee, { eventId: event.id, quantity: 1 })).status).toBe(201);
    // Moved a day later: nothing at the old time.
    const moved = await api('PATCH', `/events/${event.id}`, { caller: organizer, body: startingIn(86_400) });
    expect(moved.status).toBe(200);
    await sleep(12_000);
    expect(await reminders(attendee)).toEqual([]);
    // Moved back to start 70 s from now: the reminder comes 10 s from now, for the new start.
    const back = await api('PATCH', `/events/${event.id}`, { caller: organizer, body: startingIn(70) });
    const [notice] = await remindersWhen(attendee, 1);
    expect(notice.data).toMatchObject({ startsAt: back.json().startsAt });
    // A list whose every time has passed plans nothing.
    const late = await onSaleEvent(organizer, { capacity: 5, ...startingIn(30) });
    const [plans] = await queryServiceDb<{ n: string }>(
      'notifier-service',
      `SELECT count(*) AS n FROM reminder_plans WHERE event_id = $1`,
      [late.id],
    );
    expect(plans.n).toBe('0');
  }, 90_000);

  it('sends nothing for a cancelled event', async () => {
    const organizer = makeCaller('organizer');
    const event = await onSaleEvent(organizer, { capacity: 20, ...startingIn(66) });
    const attendee = await registeredCaller('customer');
    expect((await book(attendee, { eventId: event.id, quantity: 1 })).status).toBe(201);
    expect((await api('POST', `/events/${event.id}/cancel`, { caller: organizer, body: {} })).status).toBe(
      200,
    );
    await sleep(12_000);
    expect(await reminders(attendee)).toEqual([]);
  }, 30_000);

  it('validates the reminder list (0..4 distinct values, 1..43200)', async () => {
    const organizer = makeCaller('organizer');
    for (const list of [[0], [43201], [1, 1], [1, 2, 3, 4, 5], ['60']]) {
      const res = await api('POST', '/events', {
        caller: organizer,
        body: {
          title: 'Bad reminders',
          venue: { name: 'Hall', city: 'Porto' },
          timeZone: 'Europe/Lisbon',
          ...startingIn(86_400),
          capacity: 5,
          reminders: list,
        },
      });
      expect([res.status, res.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const none = await onSaleEvent(organizer, { capacity: 5, reminders: [] });
    expect(none).toMatchObject({ reminders: [] });
    const defaults = await onSaleEvent(organizer, { capacity: 5 });
    expect(defaults).toMatchObject({ reminders: [1440, 60] });
  });

  it('announces event.completed at the end, and booking-service closes the event for good', async () => {
    const tap = await FactTap.open(['event.completed']);
    try {
      const organizer = makeCaller('organizer');
      const event = await onSaleEvent(organizer, {
        capacity: 5,
        startsAt: new Date(Date.now() + 3000).toISOString(),
        endsAt: new Date(Date.now() + 6000).toISOString(),
        reminders: [],
      });
      const [fact] = await tap.waitFor<{ eventId: string; snapshot: { status: string } }>(
        'event.completed',
        (p) => p.eventId === event.id,
        1,
        20_000,
      );
      expect(fact.payload.snapshot.status).toBe('completed');
      const [row] = await eventually(async () => {
        const rows = await queryServiceDb<{ status: string }>(
          'booking-service',
          `SELECT status FROM inventory WHERE event_id = $1`,
          [event.id],
        );
        return rows[0]?.status === 'completed' ? rows : undefined;
      });
      expect(row.status).toBe('completed');
    } finally {
      await tap.close();
    }
  }, 40_000);
});
