// The small app the error-shape spec runs: a DTO route, a domain exception, database reads and writes that
// lose their connection, and the settings it starts with.
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

/** The database of the app under test, for the controller's own pool. */
export const dbEnv: Record<string, string> = {};

export class VenueDto {
  @IsString()
  name!: string;

  @IsString()
  city!: string;
}

export class CreateThingDto {
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
export class ThingsController {
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
export async function lostConnection(): Promise<never> {
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
export class ErrorShapesModule {}
