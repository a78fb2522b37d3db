import { Client } from 'pg';
import { databaseOf, SERVICE_NAMES, ServiceName, stackEnv } from '@evently/testing/stack';

function clientFor(role: ServiceName, database: string): Client {
  const { user, password } = databaseOf(role);
  return new Client({
    host: stackEnv('EVENTLY_PG_HOST'),
    port: Number(stackEnv('EVENTLY_PG_PORT')),
    user,
    password,
    database,
  });
}

const pairs = SERVICE_NAMES.flatMap((role) =>
  SERVICE_NAMES.filter((other) => other !== role).map((other) => [role, other] as const),
);

describe('one database and one role per service', () => {
  it.each(SERVICE_NAMES)('%s connects to its own database and owns its schema', async (service) => {
    const client = clientFor(service, databaseOf(service).database);
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; owner: string }>(
        `SELECT current_database() AS db, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`,
      );
      expect(rows[0]).toEqual({ db: databaseOf(service).database, owner: databaseOf(service).user });
    } finally {
      await client.end();
    }
  });

  it.each(pairs)('%s cannot connect to the database of %s', async (role, other) => {
    const client = clientFor(role, databaseOf(other).database);
    await expect(client.connect()).rejects.toMatchObject({ code: '42501' });
    await client.end().catch(() => undefined);
  });

  it.each(SERVICE_NAMES)('%s cannot connect to the maintenance database either', async (service) => {
    const client = clientFor(service, 'postgres');
    await expect(client.connect()).rejects.toMatchObject({ code: '42501' });
    await client.end().catch(() => undefined);
  });
});
