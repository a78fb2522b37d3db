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
