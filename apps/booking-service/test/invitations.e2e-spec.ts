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
import { mailsTo } from '@evently/testing/mail-catcher';
import { randomUUID } from 'node:crypto';
import {
  Invitation,
  guestAddress,
  invite,
  invited,
  rsvp,
  rsvpWithToken,
  mailWhen,
  tokenIn,
  noticesWhen,
  inSeconds,
} from './invitations.helpers';

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
});
