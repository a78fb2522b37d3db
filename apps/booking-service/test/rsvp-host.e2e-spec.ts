// The host's side of RSVP through the gateway: each answer live, exactly one summary; an event cancelled.
import { eventually } from '@evently/testing/eventually';
import {
  api,
  availabilityWhen,
  makeCaller,
  onSaleEvent,
  registeredCaller,
} from '@evently/testing/evently-api';
import { FactTap } from '@evently/testing/fact-tap';
import { mailsTo } from '@evently/testing/mail-catcher';
import { openSse } from '@evently/testing/sse-client';
import {
  guestAddress,
  invite,
  invited,
  rsvp,
  mailWhen,
  inbox,
  noticesWhen,
  inSeconds,
} from './invitations.helpers';

describe('invitations and RSVP: the host, and a cancelled event (through the gateway)', () => {
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
