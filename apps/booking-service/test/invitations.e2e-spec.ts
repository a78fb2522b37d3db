import { eventually } from '@evently/testing/eventually';
import {
  api,
  availabilityWhen,
  book,
  Caller,
  EventBody,
  makeCaller,
  onSaleEvent,
  registeredCaller,
} from '@evently/testing/evently-api';
import { FactTap } from '@evently/testing/fact-tap';
import { CaughtMail, mailsTo } from '@evently/testing/mail-catcher';
import { openSse } from '@evently/testing/sse-client';
import { randomUUID } from 'node:crypto';

interface Invitation {
  id: string;
  eventId: string;
  email: string;
  name: string | null;
  status: string;
  plusOnes: number;
  plusOnesAllowed: number;
  comment: string | null;
  rsvpBy: string;
  respondedAt: string | null;
  event?: { title: string; startsAt: string; venue: { name: string; city: string } };
}

interface Notice {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

const guestAddress = () => `guest-${randomUUID()}@example.test`;

const invite = (caller: Caller, body: Record<string, unknown>) =>
  api('POST', '/invitations', { caller, body });

async function invited(caller: Caller, body: Record<string, unknown>) {
  const res = await invite(caller, body);
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text()}`);
  return res.json() as { items: Invitation[]; skipped: string[] };
}

const rsvp = (caller: Caller, id: string, body: Record<string, unknown>) =>
  api('POST', `/invitations/${id}/rsvp`, { caller, body });

const rsvpWithToken = (body: Record<string, unknown>) => api('POST', '/invitations/rsvp', { body });

/** The one mail to `address` whose subject starts with `subject`, once it has arrived. */
const mailWhen = (address: string, subject: string, timeoutMs = 15000): Promise<CaughtMail[]> =>
  eventually(
    async () => {
      const found = (await mailsTo(address)).filter((m) => m.subject.startsWith(subject));
      return found.length > 0 ? found : undefined;
    },
    timeoutMs,
    `"${subject}" to ${address}`,
  );

const tokenIn = (mail: CaughtMail): string => {
  const match = /\/rsvp\/([A-Za-z0-9_-]{32,})/.exec(mail.text);
  if (!match) throw new Error(`no RSVP link in ${mail.text}`);
  return match[1];
};

async function inbox(caller: Caller, type: string): Promise<Notice[]> {
  const res = await api('GET', '/notifications?limit=100', { caller });
  return (res.json().items as Notice[]).filter((n) => n.type === type);
}

const noticesWhen = (caller: Caller, type: string, count: number, timeoutMs = 15000) =>
  eventually(
    async () => {
      const found = await inbox(caller, type);
      return found.length >= count ? found : undefined;
    },
    timeoutMs,
    `${count} ${type} for ${caller.id}`,
  );

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe('invitations and RSVP (through the gateway)', () => {
  describe('inviting', () => {
    let host: Caller & { email: string };
    let event: EventBody;
    let member: Caller & { email: string };
    let result: { items: Invitation[]; skipped: string[] };
    const stranger = guestAddress();

    beforeAll(async () => {
      host = await registeredCaller('organizer', 'Hana Host');
      event = await onSaleEvent(host, { title: 'Garden party', capacity: 50 });
      member = await registeredCaller('customer', 'Mia Member');
      // Give the notifier time to know the member's account (user.registered) before the invitation.
      await noticesWhen(member, 'welcome', 1);
      result = await invited(host, {
        eventId: event.id,
        guests: [
          { email: member.email.toUpperCase(), name: 'Mia' },
          { email: stranger, name: 'Sam' },
          { email: ` ${stranger.toUpperCase()} ` },
        ],
        message: 'Bring sunglasses',
        plusOnesAllowed: 2,
      });
    }, 30_000);

    it('invites each address once, lower-cased, and skips a repeated one', () => {
      expect(result.items.map((i) => i.email).sort()).toEqual([member.email.toLowerCase(), stranger].sort());
      expect(result.skipped).toEqual([stranger]);
      expect(result.items.every((i) => i.status === 'pending' && i.plusOnesAllowed === 2)).toBe(true);
      // No rsvpBy given: answers close at the event's start.
      expect(result.items[0].rsvpBy).toBe(event.startsAt);
    });

    it('skips an address invited before instead of inviting it again', async () => {
      const again = await invited(host, {
        eventId: event.id,
        guests: [{ email: stranger }, { email: 'new-' + stranger }],
      });
      expect(again.skipped).toEqual([stranger]);
      expect(again.items.map((i) => i.email)).toEqual(['new-' + stranger]);
    });

    it("shows the member the invitation in their own list, with the event's title and venue", async () => {
      const res = await api('GET', '/invitations/mine', { caller: member });
      const mine = res.json().items as Invitation[];
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        eventId: event.id,
        name: 'Mia',
        status: 'pending',
        event: { title: 'Garden party', venue: { name: 'River Hall', city: 'Porto' } },
      });
    });

    it('notifies the member in-app, without the secret link, and emails the link', async () => {
      const [notice] = await noticesWhen(member, 'invitation', 1);
      expect(notice.title).toBe('You are invited: Garden party');
      expect(notice.body).toContain('Bring sunglasses');
      expect(notice.body).not.toContain('/rsvp/');
      expect(notice.data).toMatchObject({ eventId: event.id });
      const mails = await mailWhen(member.email, 'You are invited');
      expect(mails).toHaveLength(1);
      expect(tokenIn(mails[0]).length).toBeGreaterThanOrEqual(32);
      expect(mails[0].text).toContain('/rsvp/');
    });

    it('emails a guest without an account the RSVP link, and the token answers without an account', async () => {
      const [mail] = await mailWhen(stranger, 'You are invited');
      expect(mail.text).toContain('You may bring up to 2 guests');
      const res = await rsvpWithToken({
        token: tokenIn(mail),
        response: 'yes',
        plusOnes: 2,
        comment: 'Can’t wait',
      });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({
        email: stranger,
        status: 'yes',
        plusOnes: 2,
        comment: 'Can’t wait',
      });
      expect(await availabilityWhen(event.id)).toMatchObject({ booked: 3, available: 47 });
    });

    it('answers a wrong token 404 and a malformed one 400', async () => {
      const wrong = await rsvpWithToken({ token: 'A'.repeat(43), response: 'yes' });
      expect([wrong.status, wrong.json().code]).toEqual([404, 'INVITATION_NOT_FOUND']);
      const malformed = await rsvpWithToken({ token: 'short', response: 'yes' });
      expect([malformed.status, malformed.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('puts the invitation in the inbox of a guest who registers afterwards', async () => {
      const newcomer = { email: `late-${randomUUID()}@example.test` };
      const later = await invited(host, { eventId: event.id, guests: [{ email: newcomer.email }] });
      await mailWhen(newcomer.email, 'You are invited');
      const res = await api('POST', '/auth/register', {
        body: { email: newcomer.email, password: 'correct horse battery', fullName: 'Late Comer' },
      });
      expect(res.status).toBe(201);
      const login = await api('POST', '/auth/login', {
        body: { email: newcomer.email, password: 'correct horse battery' },
      });
      const caller = {
        id: res.json().id as string,
        role: 'customer' as const,
        token: login.json().accessToken as string,
      };
      const [notice] = await noticesWhen(caller, 'invitation', 1);
      expect(notice.data).toMatchObject({ invitationId: later.items[0].id });
      const mine = await api('GET', '/invitations/mine', { caller });
      expect((mine.json().items as Invitation[]).map((i) => i.id)).toEqual([later.items[0].id]);
      // One invitation email only: the one sent with the invitation (the welcome email aside).
      const invitationMails = (await mailsTo(newcomer.email)).filter((m) =>
        m.subject.startsWith('You are invited'),
      );
      expect(invitationMails).toHaveLength(1);
      expect(invitationMails[0].text).toContain('an organizer invited this address');
    });

    it('refuses someone who does not organize the event (403) and an unknown event (404)', async () => {
      const other = await invite(makeCaller('organizer'), {
        eventId: event.id,
        guests: [{ email: guestAddress() }],
      });
      expect([other.status, other.json().code]).toEqual([403, 'NOT_EVENT_ORGANIZER']);
      const customer = await invite(member, { eventId: event.id, guests: [{ email: guestAddress() }] });
      expect(customer.status).toBe(403);
      const unknown = await invite(host, { eventId: randomUUID(), guests: [{ email: guestAddress() }] });
      expect([unknown.status, unknown.json().code]).toEqual([404, 'EVENT_NOT_FOUND']);
    });

    it('rejects bad guests lists and deadlines with 400', async () => {
      const tooMany = Array.from({ length: 501 }, () => ({ email: guestAddress() }));
      for (const body of [
        { eventId: event.id, guests: tooMany },
        { eventId: event.id, guests: [] },
        { eventId: event.id, guests: [{ email: 'not-an-address' }] },
        { eventId: event.id, guests: [{ email: guestAddress() }], plusOnesAllowed: 6 },
        { eventId: event.id, guests: [{ email: guestAddress() }], rsvpBy: inSeconds(-60) },
      ]) {
        const res = await invite(host, body);
        expect([res.status, res.json().code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('takes 500 guests in one call', async () => {
      const many = await invited(host, {
        eventId: (await onSaleEvent(host, { capacity: 10 })).id,
        guests: Array.from({ length: 500 }, () => ({ email: guestAddress() })),
      });
      expect([many.items.length, many.skipped.length]).toEqual([500, 0]);
    });

    it('hides an invitation from anyone it is not addressed to (404)', async () => {
      const res = await rsvp(makeCaller('customer'), result.items[0].id, { response: 'yes' });
      expect([res.status, res.json().code]).toEqual([404, 'INVITATION_NOT_FOUND']);
    });

    it('lists the answers and the summary for the organizer only', async () => {
      const list = await api('GET', `/invitations/event/${event.id}`, { caller: host });
      expect(list.status).toBe(200);
      expect((list.json().items as Invitation[]).length).toBeGreaterThanOrEqual(3);
      const summary = await api('GET', `/invitations/event/${event.id}/summary`, { caller: host });
      expect(summary.json()).toMatchObject({ eventId: event.id, yes: 1, attending: 3, closed: false });
      const denied = await api('GET', `/invitations/event/${event.id}/summary`, { caller: member });
      expect([denied.status, denied.json().code]).toEqual([403, 'NOT_EVENT_ORGANIZER']);
    });
  });

  describe('answers hold places on general admission', () => {
    let host: Caller;
    let event: EventBody;
    let guests: (Caller & { email: string })[];
    let invitations: Map<string, Invitation>;

    beforeAll(async () => {
      host = makeCaller('organizer');
      event = await onSaleEvent(host, { capacity: 3 });
      guests = await Promise.all([
        registeredCaller('customer'),
        registeredCaller('customer'),
        registeredCaller('customer'),
      ]);
      const { items } = await invited(host, {
        eventId: event.id,
        guests: guests.map((g) => ({ email: g.email })),
        plusOnesAllowed: 1,
      });
      invitations = new Map(items.map((i) => [i.email, i]));
    }, 30_000);
    const idOf = (guest: { email: string }) => invitations.get(guest.email.toLowerCase())!.id;

    it('holds 1 + plus-ones places for a yes, like a booking', async () => {
      const res = await rsvp(guests[0], idOf(guests[0]), { response: 'yes', plusOnes: 1 });
      expect(res.status).toBe(200);
      expect(await availabilityWhen(event.id)).toMatchObject({ booked: 2, available: 1 });
    });

    it('refuses more plus-ones than allowed (400) and a yes without room (SOLD_OUT)', async () => {
      const over = await rsvp(guests[1], idOf(guests[1]), { response: 'yes', plusOnes: 2 });
      expect([over.status, over.json().code]).toEqual([400, 'VALIDATION_FAILED']);
      const full = await rsvp(guests[1], idOf(guests[1]), { response: 'yes', plusOnes: 1 });
      expect([full.status, full.json().code]).toEqual([409, 'SOLD_OUT']);
      expect((await rsvp(guests[1], idOf(guests[1]), { response: 'yes' })).status).toBe(200);
      expect(await availabilityWhen(event.id)).toMatchObject({ booked: 3, available: 0 });
      const sale = await book(makeCaller('customer'), { eventId: event.id, quantity: 1 });
      expect(sale.json().code).toBe('SOLD_OUT');
    });

    it('releases the places when the answer changes, and a waiting list gets them', async () => {
      const waiter = makeCaller('customer');
      const joined = await api('POST', '/waitlist', {
        caller: waiter,
        body: { eventId: event.id, quantity: 2 },
      });
      expect(joined.status).toBe(201);
      const res = await rsvp(guests[0], idOf(guests[0]), { response: 'maybe' });
      expect(res.json()).toMatchObject({ status: 'maybe', plusOnes: 0 });
      const entries = await api('GET', '/waitlist', { caller: waiter });
      expect(entries.json().items[0]).toMatchObject({ id: joined.json().id, status: 'offered' });
      expect(await availabilityWhen(event.id)).toMatchObject({ booked: 1, held: 2, available: 0 });
    });

    it('records intent only on a seated event', async () => {
      const seated = await onSaleEvent(host, {
        capacity: undefined,
        seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 2 }] },
      });
      const { items } = await invited(host, { eventId: seated.id, guests: [{ email: guests[2].email }] });
      expect((await rsvp(guests[2], items[0].id, { response: 'yes' })).status).toBe(200);
      expect(await availabilityWhen(seated.id)).toMatchObject({ booked: 0, available: 2 });
    });
  });

  describe('the host: each answer live, and exactly one summary', () => {
    it('sends the summary as soon as every guest has answered, once, whatever comes after', async () => {
      const host = await registeredCaller('organizer', 'Olga Organizer');
      const event = await onSaleEvent(host, { title: 'Tasting', capacity: 20 });
      const [ann, bob] = await Promise.all([
        registeredCaller('customer', 'Ann'),
        registeredCaller('customer', 'Bob'),
      ]);
      const { items } = await invited(host, {
        eventId: event.id,
        guests: [
          { email: ann.email, name: 'Ann' },
          { email: bob.email, name: 'Bob' },
        ],
        plusOnesAllowed: 1,
        rsvpBy: inSeconds(3600),
      });
      const idOf = (guest: { email: string }) => items.find((i) => i.email === guest.email.toLowerCase())!.id;
      const live = openSse('/api/v1/notifications/stream', host.token);
      const tap = await FactTap.open(['rsvp.summary']);
      try {
        expect(await live.status).toBe(200);
        expect((await rsvp(ann, idOf(ann), { response: 'yes', plusOnes: 1 })).status).toBe(200);
        const first = await eventually(
          () => live.events.find((e) => e.data.includes('"rsvp_received"') && e.data.includes(idOf(ann))),
          15000,
          "Ann's answer, live",
        );
        expect(JSON.parse(first.data)).toMatchObject({ title: 'Ann answered yes: Tasting' });
        expect((await rsvp(bob, idOf(bob), { response: 'no', comment: 'Away' })).status).toBe(200);
        const [summary] = await noticesWhen(host, 'rsvp_summary', 1);
        expect(summary.data).toMatchObject({
          eventId: event.id,
          invited: 2,
          yes: 1,
          no: 1,
          maybe: 0,
          pending: 0,
          attending: 2,
          reason: 'all_answered',
        });
        expect(summary.body).toContain('Every guest has answered');
        // Answers may still change until rsvpBy; they are received, but no second summary comes.
        expect((await rsvp(bob, idOf(bob), { response: 'maybe' })).status).toBe(200);
        await noticesWhen(host, 'rsvp_received', 3);
        // The same fact delivered again (a redelivery) changes nothing either.
        const [fact] = await tap.waitFor<{ eventId: string }>('rsvp.summary', (p) => p.eventId === event.id);
        await tap.publish('rsvp.summary', fact.payload, { producer: 'booking-service' });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await inbox(host, 'rsvp_summary')).toHaveLength(1);
        expect(await mailWhen(host.email, 'RSVP summary')).toHaveLength(1);
      } finally {
        live.close();
        await tap.close();
      }
    }, 60_000);

    it('sends the summary at the deadline when someone never answers, and closes answers: RSVP_CLOSED', async () => {
      const host = await registeredCaller('organizer');
      const event = await onSaleEvent(host, { capacity: 20 });
      const [eager, silent] = await Promise.all([registeredCaller('customer'), registeredCaller('customer')]);
      const { items } = await invited(host, {
        eventId: event.id,
        guests: [{ email: eager.email }, { email: silent.email }],
        rsvpBy: inSeconds(4),
      });
      const idOf = (guest: { email: string }) => items.find((i) => i.email === guest.email.toLowerCase())!.id;
      expect((await rsvp(eager, idOf(eager), { response: 'yes' })).status).toBe(200);
      const [summary] = await noticesWhen(host, 'rsvp_summary', 1, 20000);
      expect(summary.data).toMatchObject({
        invited: 2,
        yes: 1,
        pending: 1,
        attending: 1,
        reason: 'deadline',
      });
      const late = await rsvp(silent, idOf(silent), { response: 'yes' });
      expect([late.status, late.json().code]).toEqual([409, 'RSVP_CLOSED']);
      const more = await invite(host, { eventId: event.id, guests: [{ email: guestAddress() }] });
      expect([more.status, more.json().code]).toEqual([409, 'RSVP_CLOSED']);
      const closed = await api('GET', `/invitations/event/${event.id}/summary`, { caller: host });
      expect(closed.json()).toMatchObject({ closed: true, pending: 1 });
      expect(await mailWhen(host.email, 'RSVP summary')).toHaveLength(1);
    }, 40_000);

    it('moves the deadline when the host invites again with a new rsvpBy', async () => {
      const host = await registeredCaller('organizer');
      const event = await onSaleEvent(host, { capacity: 20 });
      await invited(host, { eventId: event.id, guests: [{ email: guestAddress() }], rsvpBy: inSeconds(3) });
      const moved = await invited(host, {
        eventId: event.id,
        guests: [{ email: guestAddress() }],
        rsvpBy: inSeconds(3600),
      });
      expect(Date.parse(moved.items[0].rsvpBy)).toBeGreaterThan(Date.now() + 3000_000);
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(await inbox(host, 'rsvp_summary')).toEqual([]);
      const summary = await api('GET', `/invitations/event/${event.id}/summary`, { caller: host });
      expect(summary.json()).toMatchObject({ invited: 2, closed: false });
    }, 30_000);
  });

  describe('event cancelled', () => {
    it('tells every invitee who has not declined, once; the places are released', async () => {
      const host = makeCaller('organizer');
      const event = await onSaleEvent(host, { title: 'Rained out', capacity: 10 });
      const [member, decliner] = await Promise.all([
        registeredCaller('customer'),
        registeredCaller('customer'),
      ]);
      const stranger = guestAddress();
      const { items } = await invited(host, {
        eventId: event.id,
        guests: [{ email: member.email }, { email: decliner.email }, { email: stranger }],
      });
      const idOf = (email: string) => items.find((i) => i.email === email.toLowerCase())!.id;
      expect((await rsvp(member, idOf(member.email), { response: 'yes' })).status).toBe(200);
      expect((await rsvp(decliner, idOf(decliner.email), { response: 'no' })).status).toBe(200);
      await mailWhen(stranger, 'You are invited');
      // The notifier must know the answers before the cancellation to leave the decliner out.
      await noticesWhen(host, 'rsvp_received', 2);
      const cancel = await api('POST', `/events/${event.id}/cancel`, {
        caller: host,
        body: { reason: 'storm' },
      });
      expect(cancel.status).toBe(200);

      const [notice] = await noticesWhen(member, 'event_cancelled', 1);
      expect(notice.data).toMatchObject({ eventId: event.id });
      const [mail] = await mailWhen(stranger, 'Rained out is cancelled');
      expect(mail.text).toContain('storm');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await inbox(member, 'event_cancelled')).toHaveLength(1);
      expect(await inbox(decliner, 'event_cancelled')).toEqual([]);
      expect((await mailsTo(stranger)).filter((m) => m.subject.includes('cancelled'))).toHaveLength(1);
      expect(await availabilityWhen(event.id, (a) => a.status === 'cancelled')).toMatchObject({ booked: 0 });
      const late = await rsvp(member, idOf(member.email), { response: 'no' });
      expect([late.status, late.json().code]).toEqual([409, 'RSVP_CLOSED']);
      const more = await invite(host, { eventId: event.id, guests: [{ email: guestAddress() }] });
      expect([more.status, more.json().code]).toEqual([409, 'EVENT_NOT_BOOKABLE']);
    }, 40_000);
  });
});
