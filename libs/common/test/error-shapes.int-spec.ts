import { jsonOf } from '@evently/testing/http';
import {
  AppException,
  baseConfigSchema,
  ConfigModule,
  PaginationQueryDto,
  Public,
  decodeCursor,
  LoggingModule,
  MetricsModule,
} from '@evently/common';
import { Body, Controller, Get, Header, HttpStatus, Module, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { Client, Pool } from 'pg';
import { RunningApp, startHttpApp } from '@evently/testing/http-app';
import { serviceEnv, withEnv } from '@evently/testing/stack';

/** The database of the app under test, for the controller's own pool. */
const dbEnv: Record<string, string> = {};

class VenueDto {
  @IsString()
  name!: string;

  @IsString()
  city!: string;
}

class CreateThingDto {
  @IsString()
  @Length(3, 20)
  title!: string;

  @IsInt()
  @Min(1)
  quantity!: number;

  @ValidateNested()
  @Type(() => VenueDto)
  venue!: VenueDto;
}

@Public()
@Controller('things')
class ThingsController {
  @Post()
  create(@Body() dto: CreateThingDto): CreateThingDto {
    return dto;
  }

  /** A representation with a version of its own, as an event's: ETag "7". */
  @Get('versioned')
  @Header('ETag', '"7"')
  versioned(): { version: number } {
    return { version: 7 };
  }

  @Get('sold-out')
  soldOut(): never {
    throw new AppException(HttpStatus.CONFLICT, 'SOLD_OUT', 'No places left', { available: 0 });
  }

  /** A real pool of one connection, already taken: the next checkout times out as under overload. */
  @Get('busy')
  async busy(): Promise<never> {
    const pool = new Pool({
      host: dbEnv.DATABASE_HOST,
      port: Number(dbEnv.DATABASE_PORT),
      database: dbEnv.DATABASE_NAME,
      user: dbEnv.DATABASE_USER,
      password: dbEnv.DATABASE_PASSWORD,
      max: 1,
      connectionTimeoutMillis: 200,
    });
    const held = await pool.connect();
    try {
      await pool.query('SELECT 1');
      throw new Error('the pool should have been exhausted');
    } finally {
      held.release();
      await pool.end();
    }
  }

  /** How often each lost-connection route ran (a read is replayed once, a write never). */
  static calls = { flaky: 0, lost: 0, write: 0 };

  /** The first call's connection is killed under it (57P01, as in a PostgreSQL restart); then it works. */
  @Get('flaky-read')
  async flakyRead(): Promise<{ calls: number }> {
    const calls = ++ThingsController.calls.flaky;
    if (calls === 1) await lostConnection();
    return { calls };
  }

  @Get('lost-read')
  async lostRead(): Promise<never> {
    ThingsController.calls.lost++;
    return lostConnection();
  }

  @Post('lost-write')
  async lostWrite(): Promise<never> {
    ThingsController.calls.write++;
    return lostConnection();
  }

  @Get('crash')
  crash(): never {
    throw new Error('db password is hunter2');
  }

  @Get()
  list(@Query() query: PaginationQueryDto): { limit: number } {
    if (query.cursor) decodeCursor(query.cursor, (v): v is [string] => Array.isArray(v) && v.length === 1);
    return { limit: query.limit };
  }
}

/** A real connection whose backend is terminated while it runs a query: what a PostgreSQL restart does. */
async function lostConnection(): Promise<never> {
  const client = new Client({
    host: dbEnv.DATABASE_HOST,
    port: Number(dbEnv.DATABASE_PORT),
    database: dbEnv.DATABASE_NAME,
    user: dbEnv.DATABASE_USER,
    password: dbEnv.DATABASE_PASSWORD,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pg_backend_pid())');
  } finally {
    await client.end().catch(() => undefined);
  }
  throw new Error('the backend should have been terminated');
}

@Module({
  imports: [ConfigModule.forRoot('test-service', baseConfigSchema), LoggingModule, MetricsModule],
  controllers: [ThingsController],
})
class ErrorShapesModule {}

describe('HTTP error shapes (libs/common)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    Object.assign(dbEnv, serviceEnv('event-service'));
    running = await withEnv(dbEnv, () => startHttpApp(ErrorShapesModule));
  });
  afterAll(() => running.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${running.url}/api/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers a valid body through the DTO', async () => {
    const res = await post(
      JSON.stringify({ title: 'Gala', quantity: 2, venue: { name: 'Hall', city: 'Oslo' } }),
    );
    expect(res.status).toBe(201);
    expect(await jsonOf(res)).toEqual({ title: 'Gala', quantity: 2, venue: { name: 'Hall', city: 'Oslo' } });
  });

  it('gives 400 VALIDATION_FAILED naming each bad field, unknown ones included', async () => {
    const res = await post(
      JSON.stringify({ title: 'ab', quantity: 0, venue: { name: 'Hall' }, isAdmin: true }),
    );
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(Object.keys(body.details.fields).sort()).toEqual(['isAdmin', 'quantity', 'title', 'venue.city']);
    expect(body.requestId).toEqual(res.headers.get('x-request-id'));
  });

  it('replays a read whose database connection was lost, once, and answers with the replay', async () => {
    const res = await fetch(`${running.url}/api/v1/things/flaky-read`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ calls: 2 });
  });

  it('answers 503 with Retry-After when the replayed read loses its connection too', async () => {
    const before = ThingsController.calls.lost;
    const res = await fetch(`${running.url}/api/v1/things/lost-read`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await jsonOf(res)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(ThingsController.calls.lost - before).toBe(2);
  });

  it('never replays a write whose connection was lost: 503 with Retry-After, run once', async () => {
    const before = ThingsController.calls.write;
    const res = await fetch(`${running.url}/api/v1/things/lost-write`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(ThingsController.calls.write - before).toBe(1);
  });

  it('gives 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await post('{"title": "unterminated');
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
  });

  it('gives 413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
    const res = await post(JSON.stringify({ title: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('gives 404 NOT_FOUND as JSON for an unknown route', async () => {
    const res = await fetch(`${running.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('renders a domain exception with its code and details', async () => {
    const res = await fetch(`${running.url}/api/v1/things/sold-out`);
    expect(res.status).toBe(409);
    expect(await jsonOf(res)).toMatchObject({
      code: 'SOLD_OUT',
      message: 'No places left',
      details: { available: 0 },
    });
  });

  it('hides an unexpected error behind 500 INTERNAL, with no message or stack', async () => {
    const res = await fetch(`${running.url}/api/v1/things/crash`, {
      headers: { 'x-request-id': 'crash-req-1' },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: 'An unexpected error occurred',
      requestId: 'crash-req-1',
    });
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/\bat .*\.ts/);
  });

  it('validates query strings too (limit bounds, bad cursor)', async () => {
    const tooMany = await fetch(`${running.url}/api/v1/things?limit=1000`);
    expect(tooMany.status).toBe(400);
    expect((await jsonOf(tooMany)).details.fields).toHaveProperty('limit');
    const badCursor = await fetch(`${running.url}/api/v1/things?cursor=garbage`);
    expect(badCursor.status).toBe(400);
    expect(await jsonOf(badCursor)).toMatchObject({ code: 'INVALID_CURSOR' });
    const ok = await fetch(`${running.url}/api/v1/things`);
    expect(await jsonOf(ok)).toEqual({ limit: 20 });
  });

  it('echoes the caller request id and makes one up when absent', async () => {
    const given = await fetch(`${running.url}/api/v1/nothing`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    expect((await jsonOf(given)).requestId).toBe('abc-123');
    const made = await fetch(`${running.url}/api/v1/nothing`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers If-None-Match naming the ETag a handler set with 304 and no body, any other with 200', async () => {
    const read = (ifNoneMatch: string) =>
      fetch(`${running.url}/api/v1/things/versioned`, { headers: { 'if-none-match': ifNoneMatch } });
    for (const tag of ['"7"', 'W/"7"', '"6", "7"', '*']) {
      const res = await read(tag);
      expect({ tag, status: res.status, body: await res.text() }).toEqual({ tag, status: 304, body: '' });
    }
    const stale = await read('"6"');
    expect({ status: stale.status, etag: stale.headers.get('etag') }).toEqual({ status: 200, etag: '"7"' });
    expect(await stale.json()).toEqual({ version: 7 });
  });

  it('answers an exhausted database pool with 503 SERVICE_UNAVAILABLE and Retry-After, not 500', async () => {
    const res = await fetch(`${running.url}/api/v1/things/busy`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await jsonOf(res)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('answers a body-parser error that has a status but no type with that status, not 500', async () => {
    const res = await post('{"a":1}', { 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('refuses a NUL, an unpaired surrogate and deep nesting before validation', async () => {
    const nul = await post('{"title":"a\\u0000b","quantity":1,"venue":{"name":"x","city":"y"}}');
    expect(await jsonOf(nul)).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { fields: { title: [expect.any(String)] } },
    });
    const surrogate = await post('{"venue":{"name":"\\udc00","city":"y"}}');
    expect((await jsonOf(surrogate)).details.fields).toHaveProperty(['venue.name']);
    const deep = await post('{"venue":' + '['.repeat(5000) + ']'.repeat(5000) + '}');
    expect(await jsonOf(deep)).toMatchObject({ statusCode: 400, code: 'NESTING_TOO_DEEP' });
  });

  it('routes only the exact path: a trailing slash or other letter case is 404', async () => {
    for (const path of ['/api/v1/things/', '/api/v1/Things', '/API/v1/things']) {
      const res = await fetch(`${running.url}${path}`);
      expect(res.status).toBe(404);
    }
  });
});
