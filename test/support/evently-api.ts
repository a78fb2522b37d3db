// Test data and API calls for the service specs: every call from a fresh client address (the gateway's
// per-address limits are on), tokens signed with the test stack's key for any role and user.
import { gatewayRequest, GatewayResponse, newClientAddress } from './gateway-client';
import { eventually } from './eventually';
import { signAccessToken } from './tokens';
import { randomUUID } from 'node:crypto';

export interface Caller {
  id: string;
  role: 'customer' | 'organizer' | 'admin';
  token: string;
}

export const makeCaller = (role: Caller['role'] = 'organizer'): Caller => {
  const id = randomUUID();
  return { id, role, token: signAccessToken({ sub: id, role, email: `${role}-${id}@example.test` }) };
};

export function api(
  method: string,
  path: string,
  options: { caller?: Caller; body?: unknown; headers?: Record<string, string> } = {},
): Promise<GatewayResponse> {
  return gatewayRequest(`/api/v1${path}`, {
    method,
    from: newClientAddress(),
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.caller ? { authorization: `Bearer ${options.caller.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

const HOUR = 3600_000;
export const hoursFromNow = (hours: number): string => new Date(Date.now() + hours * HOUR).toISOString();

export const makeEvent = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: 'Summer jazz evening',
  description: 'A quartet plays standards by the river',
  venue: { name: 'River Hall', city: 'Porto', address: 'Rua 1' },
  startsAt: hoursFromNow(24 * 30),
  endsAt: hoursFromNow(24 * 30 + 3),
  timeZone: 'Europe/Lisbon',
  capacity: 100,
  ...overrides,
});

export interface EventBody {
  id: string;
  organizerId: string;
  title: string;
  status: string;
  visibility: string;
  version: number;
  capacity: number | null;
  seating: { sections: { name: string; rows: number; seatsPerRow: number }[] } | null;
  seatCount: number | null;
  startsAt: string;
  endsAt: string;
  cancelReason: string | null;
  venue: { name: string; city: string; address: string | null };
  timeZone: string;
  ticketTypes: TicketTypeBody[];
  priceFrom: { amount: number; currency: string } | null;
}

export interface TicketTypeBody {
  id: string;
  name: string;
  description: string | null;
  price: { amount: number; currency: string };
  quota: number | null;
  salesStart: string | null;
  salesEnd: string | null;
  maxPerOrder: number | null;
  hidden: boolean;
}

/** Creates a draft as `caller` and returns it. */
export async function createEvent(
  caller: Caller,
  overrides: Record<string, unknown> = {},
): Promise<EventBody> {
  const res = await api('POST', '/events', { caller, body: makeEvent(overrides) });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text()}`);
  return res.json() as EventBody;
}

/** Creates and publishes an event as `caller`. */
export async function publishedEvent(
  caller: Caller,
  overrides: Record<string, unknown> = {},
): Promise<EventBody> {
  const draft = await createEvent(caller, overrides);
  const res = await api('POST', `/events/${draft.id}/publish`, { caller });
  if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${res.text()}`);
  return res.json() as EventBody;
}

export interface AvailabilityBody {
  eventId: string;
  status: string;
  bookable: boolean;
  capacity: number;
  booked: number;
  available: number;
  seats?: { label: string; section: string; row: number; number: number; status: string }[];
}

/**
 * An anonymous GET repeated until `ready` holds: such reads may come from the gateway's micro-cache, a
 * copy up to a second old, so what was just changed shows within about a second.
 */
export function anonymousReadWhen(
  path: string,
  ready: (body: Record<string, unknown>) => boolean,
  timeoutMs = 3000,
): Promise<GatewayResponse> {
  return eventually(
    async () => {
      const res = await api('GET', path);
      return res.status === 200 && ready(res.json() as Record<string, unknown>) ? res : undefined;
    },
    timeoutMs,
    `GET ${path} to change`,
  );
}

let admin: Caller | undefined;
/** An admin token for reads that must bypass the gateway's micro-cache of anonymous reads. */
export const freshReader = (): Caller => (admin ??= makeCaller('admin'));

/** Availability once booking-service's replica satisfies `ready` (it follows event facts asynchronously). */
export async function availabilityWhen(
  eventId: string,
  ready: (a: AvailabilityBody) => boolean = () => true,
  timeoutMs = 10000,
): Promise<AvailabilityBody> {
  const deadline = Date.now() + timeoutMs;
  // Signed in: the gateway's micro-cache may answer an anonymous read with a copy up to a second old,
  // and specs assert on the state right after what they did.
  const reader = freshReader();
  for (;;) {
    const res = await api('GET', `/availability/${eventId}`, { caller: reader });
    if (res.status === 200 && ready(res.json() as AvailabilityBody)) return res.json() as AvailabilityBody;
    if (Date.now() > deadline)
      throw new Error(`availability of ${eventId} not ready: ${res.status} ${res.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A published event that booking-service already has on sale. */
export async function onSaleEvent(
  caller: Caller,
  overrides: Record<string, unknown> = {},
): Promise<EventBody> {
  const event = await publishedEvent(caller, overrides);
  await availabilityWhen(event.id);
  return event;
}

export const book = (caller: Caller, body: Record<string, unknown>, idempotencyKey?: string) =>
  api('POST', '/bookings', {
    caller,
    body,
    headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
  });

/** A real account (registered and logged in through user-service), so that other services hear of it. */
export async function registeredCaller(
  role: 'customer' | 'organizer' = 'customer',
  fullName = 'Test Person',
): Promise<Caller & { email: string }> {
  const email = `${role}-${randomUUID()}@example.test`;
  const password = 'correct horse battery';
  const registered = await api('POST', '/auth/register', { body: { email, password, fullName, role } });
  if (registered.status !== 201)
    throw new Error(`register failed: ${registered.status} ${registered.text()}`);
  const login = await api('POST', '/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text()}`);
  const { id } = registered.json() as { id: string };
  return { id, role, email, token: (login.json() as { accessToken: string }).accessToken };
}
