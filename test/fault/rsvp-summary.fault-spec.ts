// Fault suite: the RSVP deadline passes while booking-service and notifier-service are down; once they
// are back, the host still gets exactly one summary (the deadline job survived in the database).
import { eventually } from '@evently/testing/eventually';
import { api, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { mailsTo } from '@evently/testing/mail-catcher';
import { stackScript } from '@evently/testing/stack';

describe('RSVP summary across restarts', () => {
  afterAll(() => stackScript('service:ensure', 'booking-service', 'notifier-service'));

  it('sends exactly one summary after the services missed the deadline', async () => {
    const host = await registeredCaller('organizer');
    const guest = await registeredCaller('customer');
    const event = await onSaleEvent(host, { capacity: 10 });
    // Far enough for the invitation, the answer and the stop to come first.
    const deadline = Date.now() + 10_000;
    const invited = await api('POST', '/invitations', {
      caller: host,
      body: {
        eventId: event.id,
        guests: [{ email: guest.email }, { email: `silent-${guest.id}@example.test` }],
        rsvpBy: new Date(deadline).toISOString(),
      },
    });
    expect(invited.status).toBe(201);
    const items = invited.json().items as { id: string; email: string }[];
    const mine = items.find((i) => i.email === guest.email.toLowerCase())!;
    expect(
      (await api('POST', `/invitations/${mine.id}/rsvp`, { caller: guest, body: { response: 'yes' } }))
        .status,
    ).toBe(200);

    stackScript('service:stop', 'booking-service', 'notifier-service');
    expect(Date.now()).toBeLessThan(deadline);
    // Down until the deadline has passed.
    await new Promise((resolve) => setTimeout(resolve, deadline + 2000 - Date.now()));
    stackScript('service:start', 'booking-service', 'notifier-service');

    const summaries = await eventually(
      async () => {
        const res = await api('GET', '/notifications?limit=100', { caller: host });
        const found = (res.json().items as { type: string; data: Record<string, unknown> }[]).filter(
          (n) => n.type === 'rsvp_summary',
        );
        return found.length > 0 ? found : undefined;
      },
      30_000,
      'the summary after the restart',
    );
    expect(summaries[0].data).toMatchObject({ eventId: event.id, yes: 1, pending: 1, reason: 'deadline' });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const again = await api('GET', '/notifications?limit=100', { caller: host });
    expect((again.json().items as { type: string }[]).filter((n) => n.type === 'rsvp_summary')).toHaveLength(
      1,
    );
    const mails = await eventually(async () => {
      const found = (await mailsTo(host.email)).filter((m) => m.subject.startsWith('RSVP summary'));
      return found.length > 0 ? found : undefined;
    }, 20_000);
    expect(mails).toHaveLength(1);
  }, 120_000);
});
