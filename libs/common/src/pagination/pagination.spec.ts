import { AppException } from '../errors/app.exception';
import {
  decodeCursor,
  encodeCursor,
  isTimeAndIdKey,
  keysetSqlPage,
  SqlKeysetList,
  toPage,
} from './pagination';

const isKey = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

describe('cursor pagination', () => {
  it('round-trips a sort key through an opaque URL-safe cursor', () => {
    const cursor = encodeCursor(['2026-12-01T10:00:00.000Z', 'a1b2']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, isKey)).toEqual(['2026-12-01T10:00:00.000Z', 'a1b2']);
  });

  it.each(['not base64 !!', encodeCursor([1, 2]), encodeCursor(['only-one'])])(
    'rejects cursor %s with INVALID_CURSOR',
    (c) => {
      expect(() => decodeCursor(c, isKey)).toThrow(AppException);
      try {
        decodeCursor(c, isKey);
      } catch (e) {
        expect((e as AppException).code).toBe('INVALID_CURSOR');
        expect((e as AppException).status).toBe(400);
      }
    },
  );

  it('gives a next cursor only when a further row was fetched', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const full = toPage(
      rows,
      2,
      (r) => [r.id],
      (r) => r.id,
    );
    expect(full).toEqual({ items: ['a', 'b'], nextCursor: encodeCursor(['b']) });
    const last = toPage(
      rows.slice(0, 2),
      2,
      (r) => [r.id],
      (r) => r.id,
    );
    expect(last.nextCursor).toBeNull();
  });

  it('accepts the key a list writes: an ISO timestamp and a UUID', () => {
    expect(isTimeAndIdKey(['2026-12-01T10:00:00.000Z', '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11'])).toBe(true);
  });

  it.each([
    ['two strings that are neither', ['x', 'y']],
    ['a bad id', ['2026-12-01T10:00:00.000Z', 'not-a-uuid']],
    ['year zero', ['0000-01-01T00:00:00.000Z', '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11']],
    ['an impossible date', ['2026-02-30T10:00:00.000Z', '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11']],
    ['a date without time', ['2026-12-01', '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11']],
    ['a NUL', ['\u0000', '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11']],
  ])('refuses a key with %s', (_what, key) => {
    expect(isTimeAndIdKey(key)).toBe(false);
  });
});

describe('keysetSqlPage', () => {
  const rows = [
    { id: '3f1c1f64-8a39-4a52-9a83-2f3f7f0e8a13', made: new Date('2026-12-03T10:00:00.000Z') },
    { id: '3f1c1f64-8a39-4a52-9a83-2f3f7f0e8a12', made: new Date('2026-12-02T10:00:00.000Z') },
    { id: '3f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11', made: new Date('2026-12-01T10:00:00.000Z') },
  ];
  const list: SqlKeysetList<(typeof rows)[number]> = {
    table: 'things',
    where: 'owner = $1',
    params: ['me'],
    time: 'made',
  };

  it('orders by (time, id), fetches one row more than the page and encodes the last row as the cursor', async () => {
    const seen: [string, unknown[]][] = [];
    const page = await keysetSqlPage(
      (sql, params) => {
        seen.push([sql.replace(/\s+/g, ' '), params]);
        return Promise.resolve(rows);
      },
      list,
      { direction: 'DESC', limit: 2 },
      (row) => row.id,
    );
    expect(seen).toEqual([
      ['SELECT * FROM things WHERE owner = $1 ORDER BY made DESC, id DESC LIMIT $2', ['me', 3]],
    ]);
    expect(page).toEqual({
      items: [rows[0].id, rows[1].id],
      nextCursor: encodeCursor(['2026-12-02T10:00:00.000Z', rows[1].id]),
    });
  });

  it("continues after the cursor's key, in the list's direction, and refuses a cursor that is not one", async () => {
    const cursor = encodeCursor(['2026-12-02T10:00:00.000Z', rows[1].id]);
    const seen: [string, unknown[]][] = [];
    const query = (sql: string, params: unknown[]) => {
      seen.push([sql.replace(/\s+/g, ' '), params]);
      return Promise.resolve(rows.slice(2));
    };
    const page = await keysetSqlPage(query, list, { direction: 'ASC', limit: 2, cursor }, (row) => row.id);
    expect(seen).toEqual([
      [
        'SELECT * FROM things WHERE owner = $1 AND (made, id) > ($2, $3) ORDER BY made ASC, id ASC LIMIT $4',
        ['me', '2026-12-02T10:00:00.000Z', rows[1].id, 3],
      ],
    ]);
    expect(page).toEqual({ items: [rows[2].id], nextCursor: null });
    await expect(
      keysetSqlPage(query, list, { direction: 'ASC', limit: 2, cursor: encodeCursor(['x']) }, (r) => r.id),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
