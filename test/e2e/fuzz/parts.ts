// Hostile ids, path segments, cursors, tokens and body encodings.
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { otherPrivateKey, signAccessToken } from '../../support/tokens';
import { Fixtures } from './run';
import { percentEncoded } from './values';

// ids, cursors, tokens, encodings

/** Percent-encodes bytes, so that invalid UTF-8 (a surrogate's bytes) and NUL can be sent as they are. */

export const hostilePathSegment = fc.oneof(
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

export function idFor(param: string, fx: Fixtures): fc.Arbitrary<string> {
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

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export const hostileCursor = fc.oneof(
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

export function tokenFor(fx: Fixtures): fc.Arbitrary<string | undefined> {
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

export const bodyEncodings = fc.oneof(
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

export const rawBodies = fc.constantFrom(
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
