import { HttpStatus } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, isUUID, Max, MaxLength, Min } from 'class-validator';
import { Omittable } from '../validation/decorators';
import { AppException } from '../errors/app.exception';
import { CommonErrorCode } from '../errors/error-code';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` of every list endpoint. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ maxLength: 512, description: "The previous page's nextCursor" })
  @Omittable()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cursor is the opaque, URL-safe encoding of the sort key of the last item of a page. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Exactly what toISOString() writes (the lists encode their keys with it), for a year PostgreSQL takes:
 * 0001..9999 (year 0000 parses in JavaScript, but PostgreSQL has no year 0).
 */
const isListTimestamp = (value: unknown): value is string => {
  if (typeof value !== 'string' || !/^(?!0000)\d{4}-/.test(value)) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
};

/**
 * The usual sort key of a list: a timestamp as an ISO string, then the id that breaks ties. Both parts are
 * checked, because they go into a query as a timestamptz and a uuid: a cursor is client input.
 */
export const isTimeAndIdKey = (value: unknown): value is [string, string] =>
  Array.isArray(value) && value.length === 2 && isListTimestamp(value[0]) && isUUID(value[1]);

/** Decodes a cursor into its sort key; the shape must match what the list encoded, else 400 INVALID_CURSOR. */
export function decodeCursor<K extends readonly (string | number)[]>(
  cursor: string,
  isKey: (value: unknown) => value is K,
): K {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!isKey(value)) {
    throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.InvalidCursor, 'The cursor is not valid');
  }
  return value;
}

/**
 * Builds a page from rows fetched with `limit + 1` (keyset pagination): the extra row only tells
 * whether another page exists.
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => readonly (string | number)[],
  map: (row: R) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/** What keysetPage needs to know of a list: its time column (an entity property) and direction. */
export interface KeysetOrder<T> {
  /** Property of the entity that orders the list (a Date), e.g. `createdAt`; ties are broken by `id`. */
  time: keyof T & string;
  direction: 'ASC' | 'DESC';
  limit: number;
  cursor?: string;
}

/**
 * One keyset page of a (timestamp, id)-ordered list: orders the query, continues after the cursor's key
 * (400 INVALID_CURSOR if it is not one), fetches limit + 1 and encodes the next cursor. Rows inserted
 * meanwhile never shift a page, so none is repeated or skipped. `query` is aliased by its main alias.
 */
export async function keysetPage<T extends { id: string }>(
  query: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
): Promise<Page<T>> {
  const alias = query.alias;
  query
    .orderBy(`${alias}.${order.time}`, order.direction)
    .addOrderBy(`${alias}.id`, order.direction)
    .limit(order.limit + 1);
  if (order.cursor) {
    const [time, id] = decodeCursor(order.cursor, isTimeAndIdKey);
    query.andWhere(`(${alias}.${order.time}, ${alias}.id) ${after(order)} (:keysetTime, :keysetId)`, {
      keysetTime: time,
      keysetId: id,
    });
  }
  return toPage(
    await query.getMany(),
    order.limit,
    (row) => [(row[order.time] as Date).toISOString(), row.id],
    (row) => row,
  );
}

/** What a (timestamp, id) key must be beyond to come after the cursor in this direction. */
const after = (order: { direction: 'ASC' | 'DESC' }) => (order.direction === 'ASC' ? '>' : '<');

/** A list in plain SQL for keysetSqlPage: `table`'s rows matching `where` (parameters $1.. in `params`). */
export interface SqlKeysetList<R> {
  table: string;
  where: string;
  params: unknown[];
  /** Column of `R` that orders the list (a timestamptz, read as a Date); ties are broken by `id`. */
  time: keyof R & string;
}

/**
 * keysetPage in plain SQL, for a hot list where building the query with TypeORM's query builder and
 * hydrating its entities costs more than running it: same order, same cursors, same pages.
 */
export async function keysetSqlPage<R extends { id: string }, T>(
  query: (sql: string, params: unknown[]) => Promise<R[]>,
  list: SqlKeysetList<R>,
  order: Omit<KeysetOrder<never>, 'time'>,
  map: (row: R) => T,
): Promise<Page<T>> {
  const params = [...list.params];
  let where = list.where;
  if (order.cursor) {
    params.push(...decodeCursor(order.cursor, isTimeAndIdKey));
    where += ` AND (${list.time}, id) ${after(order)} ($${params.length - 1}, $${params.length})`;
  }
  params.push(order.limit + 1);
  const rows = await query(
    `SELECT * FROM ${list.table} WHERE ${where}
     ORDER BY ${list.time} ${order.direction}, id ${order.direction} LIMIT $${params.length}`,
    params,
  );
  return toPage(rows, order.limit, (row) => [(row[list.time] as Date).toISOString(), row.id], map);
}
