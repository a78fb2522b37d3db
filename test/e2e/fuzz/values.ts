// Hostile values, and values shaped by an operation's schema (so some requests pass validation).
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Operation, SchemaObject } from '../../support/openapi-operations';
import { Fixtures } from './run';

// ---------------------------------------------------------------------------------------------------
// hostile values

export const DEEP = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels)) as unknown;

/** Short hostile text: what fits in a query string or a path. */
export const hostileText = fc.oneof(
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
export const queryText = fc.oneof(
  { weight: 19, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer({ min: 9_000, max: 20_000 }).map((n) => 'q'.repeat(n)) },
);

/** Hostile text, now and then huge (bodies take up to 1 MB; a URL past 8 KB is the gateway's 414). */
export const hostileString = fc.oneof(
  { weight: 9, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
);

export const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, 1.5, -0),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
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

export const isoAround = fc
  .integer({ min: -400 * 24, max: 400 * 24 })
  .map((hours) => new Date(Date.now() + hours * 3600_000).toISOString());

/**
 * A value of the schema's shape. `strict` keeps every field within its declared type and bounds (so that
 * such requests get past validation into the rules); otherwise a field is now and then hostile.
 */
export function shaped(
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

export function shapedString(
  name: string,
  s: SchemaObject,
  fx: Fixtures,
  strict = false,
): fc.Arbitrary<unknown> {
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

export function field(
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

export const percentEncoded = (bytes: number[]) =>
  bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
