import ipaddr from 'ipaddr.js';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

// Webhooks: signing secrets, retry timing, which targets may be called, what a receiver gets. Pure rules,
// unit-tested beside.

/** A new signing secret in the Standard Webhooks form: `whsec_` and 24 random bytes in base64. */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/** The wait before attempt `attempts + 1`: doubling from `baseSeconds`, at most `maxSeconds`, with jitter. */
export function retryDelaySeconds(
  attempts: number,
  baseSeconds: number,
  maxSeconds: number,
  random = Math.random(),
) {
  const plain = Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return plain * (0.8 + 0.4 * random);
}

/**
 * Whether an address may be called: only public unicast addresses, unless private targets are allowed (the
 * local stack, tests). Loopback, private, link-local (cloud metadata at 169.254.169.254 among them),
 * unique-local, carrier-grade NAT, multicast and reserved ranges are refused; an IPv4-mapped IPv6 address is
 * judged as the IPv4 address it is.
 */
export function addressAllowed(address: string, allowPrivate: boolean): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if (allowPrivate) return true;
  return parsed.range() === 'unicast';
}

/** Why `url` cannot be a webhook's target, or null: http(s) only, https only when so configured, no credentials. */
export function urlProblem(url: string, httpsOnly: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'url must be http or https';
  if (httpsOnly && parsed.protocol !== 'https:') return 'url must be https';
  if (parsed.username || parsed.password) return 'url must not carry credentials';
  return null;
}

/** The host of a URL as an address when it is one ([::1] -> ::1), else null (a name to resolve). */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? bare : null;
}

/** What a receiver gets: the entry's type, number and data (Standard Webhooks: type, timestamp, data). */
export function deliveryBody(entry: {
  type: string;
  seq: number;
  organizerId: string;
  eventId: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
}): string {
  return JSON.stringify({
    type: entry.type,
    timestamp: entry.occurredAt.toISOString(),
    seq: entry.seq,
    organizerId: entry.organizerId,
    eventId: entry.eventId,
    data: entry.data,
  });
}

/** A short, single-line excerpt of a receiver's answer, for the deliveries list. */
export const excerpt = (body: string, max = 300): string => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/** The Standard Webhooks headers of a delivery: its id, the time, a signature per valid secret. */
export function signedHeaders(
  subscription: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null },
  deliveryId: string,
  body: string,
  now = new Date(),
) {
  const secrets = [subscription.secret];
  if (
    subscription.previousSecret &&
    subscription.previousSecretUntil &&
    subscription.previousSecretUntil > now
  ) {
    secrets.push(subscription.previousSecret);
  }
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(deliveryId, now, body)).join(' '),
  };
}
