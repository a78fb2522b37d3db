// One request per generated case, sent raw through the gateway; the fixtures it draws on; what it parked.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { api, createEvent, makeCaller } from '../../support/evently-api';
import { eventually } from '../../support/eventually';
import { newClientAddress } from '../../support/gateway-client';
import { Operation } from '../../support/openapi-operations';
import { gatewayUrl, SERVICE_NAMES, stackEnv } from '../../support/stack';
import { RUN_ID, Fixtures, FuzzRequest, FuzzResponse } from './run';
import { hostileText, queryText, hostileValue, shaped, percentEncoded } from './values';
import { idFor, hostileCursor, tokenFor, bodyEncodings, rawBodies } from './parts';

// one request per generated case

export function requestFor(op: Operation, fx: Fixtures): fc.Arbitrary<FuzzRequest> {
  const params = op.parameters;
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const path = fc
    .tuple(...pathParams.map((p) => idFor(p.name, fx)))
    .map((values) => pathParams.reduce((acc, p, i) => acc.replace(`{${p.name}}`, values[i]), op.path));
  const query = fc.array(
    fc.oneof(
      ...queryParams.map((p) =>
        fc.tuple(
          fc.constant(p.name),
          fc.oneof(shaped(p.name, p.schema ?? {}, op, fx).map(String), queryText),
        ),
      ),
      fc.tuple(fc.constant('cursor'), hostileCursor),
      fc.tuple(fc.constant('limit'), fc.constantFrom('0', '-1', '101', '1e3', 'abc', '1')),
      fc.tuple(hostileText, queryText),
    ),
    { maxLength: 3 },
  );
  const headers = fc.record({
    token: tokenFor(fx),
    ifMatch: fc.constantFrom(undefined, '"1"', '*', 'W/"2"', 'garbage', `"${'9'.repeat(400)}"`),
    idempotencyKey: fc.constantFrom(undefined, randomUUID(), '', 'k'.repeat(300), 'key with spaces'),
    encoding: bodyEncodings,
  });
  const body = op.body
    ? fc.oneof(
        { weight: 3, arbitrary: shaped('(body)', op.body, op, fx, 0, true).map((v) => JSON.stringify(v)) },
        { weight: 4, arbitrary: shaped('(body)', op.body, op, fx).map((v) => JSON.stringify(v)) },
        { weight: 2, arbitrary: hostileValue.map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: rawBodies },
      )
    : fc.constantFrom(undefined, undefined, undefined, '{"unexpected":true}');
  return fc.record({ path, query, headers, body }).map(({ path: p, query: q, headers: h, body: b }) => {
    const search = q
      .map(([k, v]) => `${encodeURIComponent(k.replace(/[\ud800-\udfff]/g, ''))}=${safeQueryValue(v)}`)
      .join('&');
    const out: Record<string, string> = {
      'x-request-id': `${RUN_ID}-${Math.random().toString(36).slice(2, 10)}`,
    };
    if (h.token !== undefined) out.authorization = `Bearer ${h.token}`;
    if (h.ifMatch !== undefined && headerParams.some((x) => x.name === 'If-Match'))
      out['if-match'] = h.ifMatch;
    if (h.idempotencyKey !== undefined && headerParams.some((x) => x.name === 'Idempotency-Key'))
      out['idempotency-key'] = h.idempotencyKey;
    if (b !== undefined) Object.assign(out, h.encoding);
    return {
      method: op.method,
      path: search ? `${p}?${search}` : p,
      headers: out,
      body: b === undefined ? undefined : Buffer.from(b, 'utf8'),
    };
  });
}

/** A query value as sent on the wire: NUL and a surrogate's UTF-8 bytes stay as they are, percent-encoded. */
export function safeQueryValue(value: string): string {
  const withoutLone = value.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ud83d\ude00',
  );
  const encoded = encodeURIComponent(withoutLone);
  return value === withoutLone ? encoded : `${encoded}${percentEncoded([0xed, 0xa0, 0x80])}`;
}

export function send(req: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(req.path, gatewayUrl());
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: req.path,
        method: req.method,
        headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
        localAddress: newClientAddress(),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const contentType = String(res.headers['content-type'] ?? '');
        const done = () =>
          resolve({ status: res.statusCode ?? 0, contentType, body: Buffer.concat(chunks).toString('utf8') });
        // A live stream (SSE) never ends: its status and type are what is checked.
        if (contentType.startsWith('text/event-stream')) {
          done();
          res.destroy();
          return;
        }
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', done);
        res.on('error', reject);
      },
    );
    outgoing.setTimeout(20_000, () => outgoing.destroy(new Error(`timeout: ${req.method} ${req.path}`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

export function describeFailure(req: FuzzRequest, res: FuzzResponse): string {
  const body = req.body ? req.body.toString('utf8').slice(0, 300) : '';
  return `${req.method} ${req.path.slice(0, 300)} headers=${JSON.stringify(req.headers).slice(0, 300)} body=${body} -> ${res.status} ${res.contentType} ${res.body.slice(0, 300)}`;
}

// ---------------------------------------------------------------------------------------------------

export async function makeFixtures(): Promise<Fixtures> {
  const organizer = makeCaller('organizer');
  const ga = await createEvent(organizer, { capacity: 5 });
  const seated = await createEvent(organizer, {
    capacity: undefined,
    seating: { sections: [{ name: 'A', rows: 2, seatsPerRow: 3 }] },
  });
  const draft = await createEvent(organizer);
  for (const event of [ga, seated]) {
    const res = await api('POST', `/events/${event.id}/publish`, { caller: organizer });
    if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${res.text()}`);
  }
  const email = `fuzz-${randomUUID()}@example.test`;
  const registered = await api('POST', '/auth/register', {
    body: { email, password: 'correct horse battery', fullName: 'Fuzz' },
  });
  if (registered.status !== 201)
    throw new Error(`register failed: ${registered.status} ${registered.text()}`);
  const login = await api('POST', '/auth/login', { body: { email, password: 'correct horse battery' } });
  const { accessToken, refreshToken } = login.json() as { accessToken: string; refreshToken: string };
  const user =
    (registered.json() as { id?: string; user?: { id: string } }).user ??
    (registered.json() as { id: string });
  const customer = makeCaller('customer');
  // Wait for booking-service's replica, then hold a booking of each kind for the ids.
  const booking = await eventually(
    async () => {
      const res = await api('POST', '/bookings', { caller: customer, body: { eventId: ga.id, quantity: 1 } });
      return res.status === 201 ? (res.json() as { id: string }) : undefined;
    },
    15_000,
    'the GA event in booking-service',
  );
  const seatedBooking = await eventually(
    async () => {
      const res = await api('POST', '/bookings', {
        caller: customer,
        body: { eventId: seated.id, seats: ['A-1-1'] },
      });
      return res.status === 201 ? (res.json() as { id: string }) : undefined;
    },
    15_000,
    'the seated event in booking-service',
  );
  return {
    callers: {
      customer,
      organizer,
      admin: makeCaller('admin'),
      registered: { id: user.id, role: 'customer', token: accessToken },
    },
    ids: {
      event: [ga.id, seated.id, draft.id],
      booking: [booking.id, seatedBooking.id],
      user: [user.id],
      notification: [randomUUID()],
    },
    seats: ['A-1-2', 'A-2-3', 'A-1-1'],
    refreshToken,
  };
}

/** Messages parked in a DLQ by this run, found by correlation id without taking them off the queue. */
export async function parkedByThisRun(): Promise<string[]> {
  const auth = Buffer.from(`${stackEnv('EVENTLY_RABBIT_USER')}:${stackEnv('EVENTLY_RABBIT_PASS')}`).toString(
    'base64',
  );
  const parked: string[] = [];
  for (const service of SERVICE_NAMES) {
    const res = await fetch(`${stackEnv('EVENTLY_RABBIT_MGMT_URL')}/api/queues/%2F/${service}.dlq/get`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1000, ackmode: 'reject_requeue_true', encoding: 'auto' }),
    });
    if (!res.ok) throw new Error(`DLQ ${service}: ${res.status}`);
    for (const message of (await res.json()) as { payload: string }[]) {
      if (message.payload.includes(RUN_ID)) parked.push(`${service}: ${message.payload.slice(0, 200)}`);
    }
  }
  return parked;
}
