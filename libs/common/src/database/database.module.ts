import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { BaseConfig } from '../config/base.config';

export interface DatabaseModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

/** Fixed key of the advisory lock that serialises migrations between instances of one service. */
const MIGRATION_LOCK_KEY = 727_001;

export function dataSourceOptions(config: BaseConfig, options: DatabaseModuleOptions): DataSourceOptions {
  return {
    type: 'postgres',
    host: config.DATABASE_HOST,
    port: config.DATABASE_PORT,
    database: config.DATABASE_NAME,
    username: config.DATABASE_USER,
    password: config.DATABASE_PASSWORD,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: {
      max: config.DATABASE_POOL_SIZE,
      // Connections stay open once made (see warmPool): a new one costs a SCRAM handshake on libuv's thread
      // pool, which is exactly what is short when a burst arrives.
      min: config.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 5000,
      application_name: config.DATABASE_USER,
    },
  };
}

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so that several instances of a
 * service starting together apply each migration exactly once.
 */
export async function runMigrationsLocked(
  dataSource: DataSource,
  logger = new Logger('Migrations'),
): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** Opens every pool connection before the service takes traffic, so the first burst finds them ready. */
async function warmPool(dataSource: DataSource, size: number): Promise<void> {
  const runners = Array.from({ length: size }, () => dataSource.createQueryRunner());
  try {
    await Promise.all(runners.map((runner) => runner.connect()));
  } finally {
    await Promise.all(runners.map((runner) => runner.release()));
  }
}

@Injectable()
class MigrationRunner implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.DATABASE_MIGRATIONS_RUN) await runMigrationsLocked(this.dataSource);
    await warmPool(this.dataSource, this.config.DATABASE_POOL_SIZE);
  }
}

/** TypeORM on the service's own database and role; schema only through migrations, never synchronize. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: BaseConfig) => ({
            ...dataSourceOptions(config, options),
            retryAttempts: 5,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [MigrationRunner],
    };
  }
}
