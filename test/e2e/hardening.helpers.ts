// What the hardening specs share: field names of a refusal, published and bookable events, raw requests,
// draft bodies and freshly registered people.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { api, Caller, createEvent, EventBody } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { GatewayResponse, newClientAddress } from '@evently/testing/gateway-client';
import { stackEnv } from '@evently/testing/stack';

export const invalidFields = (res: GatewayResponse): string[] =>
  Object.keys((res.json() as { details?: { fields?: object } }).details?.fields ?? {});

export async function publishedEvent(
  caller: Caller,
  overrides: Record<string, unknown> = {},
): Promise<EventBody> {
  const event = await createEvent(caller, overrides);
  const res = await api('POST', `/events/${event.id}/publish`, { caller });
  if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${res.text()}`);
  return res.json() as EventBody;
}

/** Waits until booking-service sells places for `eventId`, which means its replica has the event. */
export const bookable = (eventId: string, caller: Caller) =>
  eventually(async () => {
    const res = await api('GET', `/availability/${eventId}`, { caller });
    return res.status === 200 ? res : undefined;
  }, 15_000);

/** One raw HTTP/1.1 exchange, for requests no HTTP client library would send (bad escapes, odd framing). */
export function rawRequest(text: string): Promise<{ status: number; headers: string; body: string }> {
  const url = new URL(stackEnv('EVENTLY_GATEWAY_URL'));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: newClientAddress() });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const response = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = response.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
    socket.write(text);
  });
}

export function draftBody() {
  return {
    title: 'A careful evening',
    venue: { name: 'Hall', city: 'Lisbon' },
    startsAt: new Date(Date.now() + 86400_000 * 10).toISOString(),
    endsAt: new Date(Date.now() + 86400_000 * 10 + 3600_000).toISOString(),
    timeZone: 'Europe/Lisbon',
    capacity: 10,
  };
}

export async function registeredUser(): Promise<Caller> {
  const email = `hardening-${randomUUID()}@example.test`;
  const registered = await api('POST', '/auth/register', {
    body: { email, password: 'correct horse battery', fullName: 'Hardening' },
  });
  expect(registered.status).toBe(201);
  const login = await api('POST', '/auth/login', { body: { email, password: 'correct horse battery' } });
  return {
    id: (registered.json() as { id: string }).id,
    role: 'customer',
    token: (login.json() as { accessToken: string }).accessToken,
  };
}
