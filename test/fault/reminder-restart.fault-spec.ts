// Fault suite: a reminder falls due while every notifier instance is down; once they are back, each
// attendee gets it exactly once (the timed job waited in the notifier's database).
import { eventually } from '@evently/testing/eventually';
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { mailsTo } from '@evently/testing/mail-catcher';
import { stackScript } from '@evently/testing/stack';

describe('reminders across a notifier restart', () => {
  afterAll(() => stackScript('service:ensure', 'notifier-service'));

  it('reminds each attendee exactly once after the notifier missed the due time', async () => {
    const organizer = makeCaller('organizer');
    // The reminder (1 minute before the start) falls due 12 s from now.
    const dueAt = Date.now() + 12_000;
    const event = await onSaleEvent(organizer, {
      title: 'Night market',
      capacity: 10,
      startsAt: new Date(dueAt + 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_672_000).toISOString(),
      reminders: [1],
    });
    const attendees = await Promise.all([registeredCaller('customer'), registeredCaller('customer')]);
    for (const attendee of attendees) {
      expect((await book(attendee, { eventId: event.id, quantity: 1 })).status).toBe(201);
    }
    // The notifier must have planned the reminder (event.published) and recorded the bookings first.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    stackScript('service:stop', 'notifier-service');
    expect(Date.now()).toBeLessThan(dueAt);
    // Down until the due time has passed.
    await new Promise((resolve) => setTimeout(resolve, dueAt + 2000 - Date.now()));
    stackScript('service:start', 'notifier-service');

    const kinds = async (caller: (typeof attendees)[number]) => {
      const res = await api('GET', '/notifications?limit=100', { caller });
      return (res.json().items as { type: string }[]).filter((n) => n.type === 'event_reminder');
    };
    for (const attendee of attendees) {
      await eventually(
        async () => ((await kinds(attendee)).length > 0 ? true : undefined),
        30_000,
        'a reminder',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const attendee of attendees) {
      expect(await kinds(attendee)).toHaveLength(1);
      const mails = await eventually(async () => {
        const found = (await mailsTo(attendee.email)).filter((m) =>
          m.subject.startsWith('Reminder: Night market'),
        );
        return found.length > 0 ? found : undefined;
      }, 20_000);
      expect(mails).toHaveLength(1);
    }
  }, 120_000);
});
