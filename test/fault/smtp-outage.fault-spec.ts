// Fault suite: the SMTP server (the test stack's MailDev) goes away while the notifier has mail to send.
import { FactTap } from '@evently/testing/fact-tap';
import { eventually } from '@evently/testing/eventually';
import { mailsTo } from '@evently/testing/mail-catcher';
import { queryServiceDb } from '@evently/testing/service-db';
import { stackScript } from '@evently/testing/stack';
import { randomUUID } from 'node:crypto';

interface EmailState {
  user_id: string;
  status: string;
  attempts: number;
}

const emailStates = (userIds: string[]) =>
  queryServiceDb<EmailState>(
    'notifier-service',
    `SELECT e.user_id, e.status, e.attempts FROM emails e JOIN notifications n ON n.id = e.notification_id
     WHERE n.type = 'welcome' AND e.user_id = ANY($1::uuid[])`,
    [userIds],
  );

describe('an SMTP outage', () => {
  let tap: FactTap;
  beforeAll(async () => {
    tap = await FactTap.open([]);
  });
  afterAll(async () => {
    stackScript('mail:start');
    await tap.close();
  });

  it('delays emails and loses none; a failing address is given up after its attempts, alone', async () => {
    stackScript('mail:stop');
    const users = Array.from({ length: 6 }, () => ({
      userId: randomUUID(),
      email: `outage-${randomUUID()}@example.test`,
      fullName: 'Outage Reader',
      role: 'customer',
    }));
    for (const user of users) await tap.publish('user.registered', user, { producer: 'user-service' });
    const ids: string[] = users.map((u) => u.userId);
    const [bad, ...good] = ids;
    // An address the server refuses for good; nothing else about it differs.
    await eventually(
      async () => ((await emailStates(ids)).length === 6 ? true : undefined),
      15000,
      'six emails',
    );
    await queryServiceDb(
      'notifier-service',
      `UPDATE emails SET to_address = 'not-an-address' WHERE user_id = $1`,
      [bad],
    );

    // Tried and failed while the server is down, but still pending.
    const during = await eventually(
      async () => {
        const states = await emailStates(ids);
        return states.every((s) => s.attempts >= 2) ? states : undefined;
      },
      20000,
      'failed attempts during the outage',
    );
    expect(during.filter((s) => good.includes(s.user_id)).every((s) => s.status === 'pending')).toBe(true);

    stackScript('mail:start');
    const after = await eventually(
      async () => {
        const states = await emailStates(ids);
        const settled = states.every((s) => s.status !== 'pending');
        return settled ? states : undefined;
      },
      30000,
      'every email settled',
    );
    const byUser = new Map(after.map((s) => [s.user_id, s]));
    expect(good.map((id) => byUser.get(id)?.status)).toEqual(Array(5).fill('sent'));
    expect(byUser.get(bad)).toMatchObject({ status: 'failed', attempts: 8 });
    for (const user of users.slice(1)) {
      const mails = await mailsTo(user.email);
      expect(mails.map((m) => m.subject)).toEqual(['Welcome to Evently, Outage Reader']);
    }
  });
});
