// What the invitation specs share: inviting, answering (signed in or with the emailed token), the mails and
// notices that follow.
import { eventually } from '@evently/testing/eventually';
import { api, Caller } from '@evently/testing/evently-api';
import { CaughtMail, mailsTo } from '@evently/testing/mail-catcher';
import { randomUUID } from 'node:crypto';

export interface Invitation {
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

export interface Notice {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

export const guestAddress = () => `guest-${randomUUID()}@example.test`;

export const invite = (caller: Caller, body: Record<string, unknown>) =>
  api('POST', '/invitations', { caller, body });

export async function invited(caller: Caller, body: Record<string, unknown>) {
  const res = await invite(caller, body);
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text()}`);
  return res.json() as { items: Invitation[]; skipped: string[] };
}

export const rsvp = (caller: Caller, id: string, body: Record<string, unknown>) =>
  api('POST', `/invitations/${id}/rsvp`, { caller, body });

export const rsvpWithToken = (body: Record<string, unknown>) => api('POST', '/invitations/rsvp', { body });

/** The one mail to `address` whose subject starts with `subject`, once it has arrived. */
export const mailWhen = (address: string, subject: string, timeoutMs = 15000): Promise<CaughtMail[]> =>
  eventually(
    async () => {
      const found = (await mailsTo(address)).filter((m) => m.subject.startsWith(subject));
      return found.length > 0 ? found : undefined;
    },
    timeoutMs,
    `"${subject}" to ${address}`,
  );

export const tokenIn = (mail: CaughtMail): string => {
  const match = /\/rsvp\/([A-Za-z0-9_-]{32,})/.exec(mail.text);
  if (!match) throw new Error(`no RSVP link in ${mail.text}`);
  return match[1];
};

export async function inbox(caller: Caller, type: string): Promise<Notice[]> {
  const res = await api('GET', '/notifications?limit=100', { caller });
  return (res.json() as { items: Notice[] }).items.filter((n) => n.type === type);
}

export const noticesWhen = (caller: Caller, type: string, count: number, timeoutMs = 15000) =>
  eventually(
    async () => {
      const found = await inbox(caller, type);
      return found.length >= count ? found : undefined;
    },
    timeoutMs,
    `${count} ${type} for ${caller.id}`,
  );

export const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
