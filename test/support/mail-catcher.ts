// The test stack's MailDev, read through its REST API: what the notifier really sent over SMTP.
import { stackEnv } from './stack';

export interface CaughtMail {
  id: string;
  subject: string;
  to: { address: string }[];
  text: string;
  html: string;
  attachments?: { fileName: string; contentType: string; generatedFileName?: string }[];
  headers: Record<string, string>;
}

const base = () => stackEnv('EVENTLY_MAIL_WEB_URL');

export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const res = await fetch(`${base()}/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  const all = (await res.json()) as CaughtMail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

export async function attachmentOf(mail: CaughtMail, fileName: string): Promise<string> {
  const attachment = mail.attachments?.find((a) => a.fileName === fileName);
  if (!attachment) throw new Error(`${mail.subject} has no ${fileName}`);
  const res = await fetch(
    `${base()}/email/${mail.id}/attachment/${attachment.generatedFileName ?? fileName}`,
  );
  return res.text();
}

/** The iCalendar lines of `ics`, unfolded (RFC 5545 folds long lines). */
export const icsLines = (ics: string): string[] => ics.replace(/\r\n[ \t]/g, '').split(/\r?\n/);

/** The value of the first `name` property of `ics` (`METHOD`, `UID`, `SEQUENCE`...), parameters dropped. */
export const icsField = (ics: string, name: string): string | undefined =>
  icsLines(ics)
    .find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))
    ?.replace(/^[^:]*:/, '');

/** The text and `invite.ics` of the one email to `address` whose subject starts with `subject`. */
export async function calendarMail(address: string, subject: string): Promise<{ text: string; ics: string }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [mail] = (await mailsTo(address)).filter((m) => m.subject.startsWith(subject));
    if (mail) return { text: mail.text, ics: await attachmentOf(mail, 'invite.ics') };
    if (Date.now() > deadline) throw new Error(`no "${subject}" email to ${address} within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
