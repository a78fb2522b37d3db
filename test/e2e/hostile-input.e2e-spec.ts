// Property-based fuzzing of every public endpoint through the gateway. The operations come from the
// services' OpenAPI documents; fast-check generates hostile requests (nulls, wrong types, NUL and unpaired
// surrogates, deep nesting, huge strings and numbers, bad and foreign ids, bad cursors and encodings,
// forged tokens) around schema-shaped ones. Seeded (FUZZ_SEED), bounded in runs and time, reproducible.
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { api, Caller, createEvent, makeCaller } from '../support/evently-api';
import { eventually } from '../support/eventually';
import { newClientAddress } from '../support/gateway-client';
import { loadOperations, Operation, SchemaObject } from '../support/openapi-operations';
import { queryServiceDb } from '../support/service-db';
import { gatewayUrl, SERVICE_NAMES, stackEnv } from '../support/stack';
import { otherPrivateKey, signAccessToken } from '../support/tokens';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
/** Requests in all, spread evenly over the operations. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2100);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 150_000);
/** Every request carries it as X-Request-Id, so the facts it caused can be found by correlation id. */
const RUN_ID = `fuzz-${SEED}-${Date.now()}`;

interface Fixtures {
  callers: Record<'customer' | 'organizer' | 'admin' | 'registered', Caller>;
  ids: { event: string[]; booking: string[]; user: string[]; notification: string[] };
  seats: string[];
  refreshToken: string;
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface FuzzResponse {
  status: number;
  contentType: string;
  body: string;
}

// ---------------------------------------------------------------------------------------------------
// hostile values

const DEEP = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels)) as unknown;

/** Short hostile text: what fits in a query string or a path. */
const hostileText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '\udbff\udfff',
    '',
    '   ',
    "'; DROP TABLE events; --",
    '../../etc/passwd',
    '%00',
    '${jndi:ldap://127.0.0.1/x}',
    '<script>alert(1)</script>',
    '0000-01-01T00:00:00Z',
    '2026-02-30T10:00:00Z',
    '275760-09-13T00:00:00Z',
    '2027-01-01T10:00:00',
    'NaN',
    '-1',
    'true',
    'null',
  ),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
);

/** A query value: short hostile text, and once in a while a URL the gateway must refuse as too long (414). */
const queryText = fc.oneof(
  { weight: 19, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer({ min: 9_000, max: 20_000 }).map((n) => 'q'.repeat(n)) },
);

/** Hostile text, now and then huge (bodies take up to 1 MB; a URL past 8 KB is the gateway's 414). */
const hostileString = fc.oneof(
  { weight: 9, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, 1.5, -0),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.integer({ min: 17, max: 3000 }).map(DEEP),
  fc.array(fc.oneof(hostileString, hostileNumber, fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(hostileString, fc.oneof(hostileString, fc.constant(null)), { maxKeys: 3 }),
);

// ---------------------------------------------------------------------------------------------------
// values shaped by the schema (so that some requests pass validation and reach the rules behind it)

const isoAround = fc
  .integer({ min: -400 * 24, max: 400 * 24 })
  .map((hours) => new Date(Date.now() + hours * 3600_000).toISOString());

/**
 * A value of the schema's shape. `strict` keeps every field within its declared type and bounds (so that
 * such requests get past validation into the rules); otherwise a field is now and then hostile.
 */
function shaped(
  name: string,
  schema: SchemaObject,
  op: Operation,
  fx: Fixtures,
  depth = 0,
  strict = false,
): fc.Arbitrary<unknown> {
  const s = op.resolve(schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (depth > 4) return hostileValue;
  if (s.type === 'object' || s.properties) {
    const props = Object.fromEntries(
      Object.entries(s.properties ?? {}).map(([key, child]) => [
        key,
        field(key, child, op, fx, depth + 1, strict),
      ]),
    );
    const base = fc.record(props, { requiredKeys: (s.required ?? []).filter((key) => key in props) });
    if (strict) return base;
    return fc.oneof(
      { weight: 6, arbitrary: base },
      // An unknown key beside the known ones (refused by the validation whitelist).
      {
        weight: 1,
        arbitrary: fc.tuple(base, hostileString, hostileValue).map(([o, k, v]) => ({ ...o, [k]: v })),
      },
    );
  }
  if (s.type === 'array') {
    const items = field(name, s.items ?? {}, op, fx, depth + 1, strict);
    return strict
      ? fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) })
      : fc.array(items, { maxLength: (s.maxItems ?? 3) + 1 });
  }
  if (s.type === 'integer' || s.type === 'number') {
    const min = s.minimum ?? 0;
    const max = Math.min(s.maximum ?? 1000, strict ? min + 20 : Infinity);
    return strict ? fc.integer({ min, max }) : fc.integer({ min: min - 1, max: max + 1 });
  }
  if (s.type === 'boolean') return fc.boolean();
  return shapedString(name, s, fx, strict);
}

function shapedString(name: string, s: SchemaObject, fx: Fixtures, strict = false): fc.Arbitrary<unknown> {
  if (/^(id|eventId)$/i.test(name)) return fc.constantFrom(...fx.ids.event, randomUUID());
  if (/At$|^(from|to)$/.test(name)) return isoAround;
  if (/email/i.test(name))
    return fc.constantFrom(`fuzz-${randomUUID()}@example.test`, 'not-an-email', 'A@B.TEST');
  if (/password/i.test(name)) return fc.constantFrom('correct horse battery', 'short');
  if (/refreshToken/.test(name)) return fc.constantFrom(fx.refreshToken, 'x'.repeat(43), '');
  if (/seats?/.test(name)) return fc.constantFrom(...fx.seats, 'Z-9-9', 'A-1-1');
  if (name === 'role') return fc.constantFrom('customer', 'organizer', 'admin', 'root');
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 40, 60);
  if (strict) {
    return fc
      .string({ unit: fc.constantFrom(...'abcdefghij KLMNOP'), minLength: minLength + 1, maxLength })
      .map((t) => `x${t.trim()}`);
  }
  return fc.string({ minLength, maxLength });
}

function field(
  name: string,
  schema: SchemaObject,
  op: Operation,
  fx: Fixtures,
  depth: number,
  strict = false,
) {
  if (strict) return shaped(name, schema, op, fx, depth, true);
  return fc.oneof(
    { weight: 5, arbitrary: shaped(name, schema, op, fx, depth) },
    { weight: 1, arbitrary: hostileValue },
  );
}

// ---------------------------------------------------------------------------------------------------
// ids, cursors, tokens, encodings

/** Percent-encodes bytes, so that invalid UTF-8 (a surrogate's bytes) and NUL can be sent as they are. */
const percentEncoded = (bytes: number[]) => bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const hostilePathSegment = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      'null',
      '1',
      "1'%20OR%20'1'='1",
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      percentEncoded([0]),
      percentEncoded([0xed, 0xa0, 0x80]),
      percentEncoded([0xc0, 0xae]),
      '%zz',
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .string({ minLength: 1, maxLength: 20 })
      .map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))),
  },
  // Now and then a URL too long for the gateway (414, as JSON).
  { weight: 1, arbitrary: fc.integer({ min: 9000, max: 12000 }).map((n) => 'a'.repeat(n)) },
);

function idFor(param: string, fx: Fixtures): fc.Arbitrary<string> {
  const own =
    param === 'eventId'
      ? fx.ids.event
      : /booking/.test(param)
        ? fx.ids.booking
        : fx.ids.event.concat(fx.ids.booking, fx.ids.user, fx.ids.notification);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...own) },
    { weight: 1, arbitrary: fc.constantFrom(...own).map((id) => id.toUpperCase()) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: hostilePathSegment },
  );
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

const hostileCursor = fc.oneof(
  fc.constantFrom(
    b64(['x', 'y']),
    b64([1, 2]),
    b64(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
    b64(['0000-01-01T00:00:00.000Z', randomUUID()]),
    b64(['2026-13-45T99:99:99.999Z', randomUUID()]),
    b64({ a: 1 }),
    b64(null),
    b64(['\u0000', '\ud800']),
    'not base64 !!',
    '',
  ),
  fc.string({ maxLength: 600 }),
);

function tokenFor(fx: Fixtures): fc.Arbitrary<string | undefined> {
  const forged = [
    signAccessToken({ privateKey: otherPrivateKey() }),
    signAccessToken({ sub: 'not-a-uuid', role: 'admin' }),
    signAccessToken({ sub: '', role: 'organizer' }),
    signAccessToken({ role: 'superuser' }),
    signAccessToken({ expiresInSeconds: -60 }),
    signAccessToken({ audience: 'someone-else' }),
    jwt.sign({ sub: randomUUID(), role: 'admin', email: 'x@y.z' }, 'shared-secret', { algorithm: 'HS256' }),
    `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${b64({ sub: randomUUID(), role: 'admin' })}.`,
    'abc.def.ghi',
    'x'.repeat(6000),
  ];
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: fc.constantFrom(...Object.values(fx.callers).map((c) => c.token)) },
    { weight: 3, arbitrary: fc.constantFrom(...forged) },
  );
}

const bodyEncodings = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Record<string, string>>({ 'content-type': 'application/json' }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'identity, gzip')
      .map((encoding) => ({ 'content-type': 'application/json', 'content-encoding': encoding })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'text/plain',
        'application/json; charset=utf-16',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
      )
      .map((type) => ({ 'content-type': type })),
  },
);

const rawBodies = fc.constantFrom(
  '{"title":',
  '[]',
  'null',
  '"x"',
  '{"a":1,}',
  '\u0000',
  '{}'.repeat(10),
  '{"x":"\\ud800"}',
  '{"x":"\\u0000"}',
);

// ---------------------------------------------------------------------------------------------------
// one request per generated case

function requestFor(op: Operation, fx: Fixtures): fc.Arbitrary<FuzzRequest> {
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
function safeQueryValue(value: string): string {
  const withoutLone = value.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ud83d\ude00',
  );
  const encoded = encodeURIComponent(withoutLone);
  return value === withoutLone ? encoded : `${encoded}${percentEncoded([0xed, 0xa0, 0x80])}`;
}

function send(req: FuzzRequest): Promise<FuzzResponse> {
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

function describeFailure(req: FuzzRequest, res: FuzzResponse): string {
  const body = req.body ? req.body.toString('utf8').slice(0, 300) : '';
  return `${req.method} ${req.path.slice(0, 300)} headers=${JSON.stringify(req.headers).slice(0, 300)} body=${body} -> ${res.status} ${res.contentType} ${res.body.slice(0, 300)}`;
}

// ---------------------------------------------------------------------------------------------------

async function makeFixtures(): Promise<Fixtures> {
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
async function parkedByThisRun(): Promise<string[]> {
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

describe('hostile input through the gateway (property-based, from the OpenAPI documents)', () => {
  let operations: Operation[];
  let fx: Fixtures;
  const histogram = new Map<number, number>();
  let sent = 0;

  beforeAll(async () => {
    operations = await loadOperations();
    fx = await makeFixtures();
  }, 60_000);

  it(
    'answers every generated request below 500, and every refusal as JSON with a code',
    async () => {
      const runsPerOperation = Math.ceil(REQUESTS / operations.length);
      const deadline = Date.now() + TIME_LIMIT_MS;
      const failures: string[] = [];
      for (const [index, op] of operations.entries()) {
        await fc
          .assert(
            fc.asyncProperty(requestFor(op, fx), async (req) => {
              let res: FuzzResponse;
              try {
                res = await send(req);
              } catch (error) {
                failures.push(`${req.method} ${req.path.slice(0, 300)}: ${String(error)}`);
                return false;
              }
              sent++;
              histogram.set(res.status, (histogram.get(res.status) ?? 0) + 1);
              let ok = res.status < 500;
              if (ok && res.status >= 400) {
                let parsed: unknown;
                try {
                  parsed = JSON.parse(res.body);
                } catch {
                  parsed = undefined;
                }
                ok =
                  res.contentType.includes('application/json') &&
                  typeof (parsed as { code?: unknown })?.code === 'string' &&
                  (parsed as { statusCode?: unknown }).statusCode === res.status;
              }
              if (!ok) failures.push(describeFailure(req, res));
              return ok;
            }),
            {
              seed: SEED + index,
              numRuns: runsPerOperation,
              endOnFailure: true,
              interruptAfterTimeLimit: Math.max(1_000, (deadline - Date.now()) / (operations.length - index)),
            },
          )
          .catch((error: unknown) => {
            throw new Error(
              `${op.method} ${op.path} (seed ${SEED + index}): ${failures.join('\n')}\n${String(error).slice(0, 2000)}`,
            );
          });
      }
      const table = [...histogram.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}: ${n}`);
      process.stdout.write(
        `hostile-input fuzz: seed ${SEED}, ${operations.length} operations, ${sent} requests; ${table.join(', ')}\n`,
      );
      expect(sent).toBeGreaterThanOrEqual(operations.length * 10);
    },
    TIME_LIMIT_MS + 60_000,
  );

  it('left nothing half-written: sold places and seats match the confirmed bookings and RSVP holds', async () => {
    const [mismatch] = await queryServiceDb<{
      ga: string;
      held: string;
      seated: string;
      orphans: string;
      tickets: string;
    }>(
      'booking-service',
      `SELECT
         (SELECT count(*) FROM inventory i WHERE i.capacity IS NOT NULL AND i.sold <>
            (SELECT coalesce(sum(quantity), 0) FROM bookings b WHERE b.event_id = i.event_id AND b.status = 'confirmed')
            + (SELECT coalesce(sum(places), 0) FROM invitations v WHERE v.event_id = i.event_id)) AS ga,
         (SELECT count(*) FROM inventory i WHERE i.capacity IS NOT NULL AND i.held <>
            (SELECT coalesce(sum(quantity), 0) FROM waitlist_entries w
             WHERE w.event_id = i.event_id AND w.status = 'offered')) AS held,
         (SELECT count(*) FROM inventory i WHERE i.capacity IS NULL AND
            (SELECT count(*) FROM seats s WHERE s.event_id = i.event_id AND s.booking_id IS NOT NULL) <>
            (SELECT coalesce(sum(cardinality(seats)), 0) FROM bookings b WHERE b.event_id = i.event_id AND b.status = 'confirmed')) AS seated,
         (SELECT count(*) FROM seats s WHERE s.booking_id IS NOT NULL AND NOT EXISTS
            (SELECT 1 FROM bookings b WHERE b.id = s.booking_id AND b.status = 'confirmed' AND s.label = ANY (b.seats))) AS orphans,
         (SELECT count(*) FROM user_event_tickets t WHERE t.tickets <>
            (SELECT coalesce(sum(quantity), 0) FROM bookings b
             WHERE b.event_id = t.event_id AND b.user_id = t.user_id AND b.status = 'confirmed')) AS tickets`,
    );
    expect(mismatch).toEqual({ ga: '0', held: '0', seated: '0', orphans: '0', tickets: '0' });
    const [oversold] = await queryServiceDb<{ n: string }>(
      'booking-service',
      `SELECT count(*) AS n FROM inventory WHERE capacity IS NOT NULL AND sold > capacity`,
    );
    expect(oversold.n).toBe('0');
  });

  it("published every fact this run's requests caused, and parked none of them in a DLQ", async () => {
    for (const service of SERVICE_NAMES) {
      await eventually(
        async () => {
          const [row] = await queryServiceDb<{ n: string }>(
            service,
            `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND envelope->>'correlationId' LIKE $1`,
            [`${RUN_ID}%`],
          );
          return row.n === '0' ? true : undefined;
        },
        15_000,
        `${service}'s outbox to drain`,
      );
    }
    // Give consumers a moment to retry and park anything they cannot handle.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await parkedByThisRun()).toEqual([]);
  });
});
