// A look into a service's own database, for specs that wait on a replica fed by messages or check a plan.
import { Client } from 'pg';
import { databaseOf, LabServiceName, MediumServiceName, ServiceName, stackEnv } from './stack';

/** Runs `fn` on one connection to the service's database, as the service's own role. */
export async function withServiceDb<T>(
  service: ServiceName | LabServiceName | MediumServiceName,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const db = databaseOf(service);
  const client = new Client({
    host: stackEnv('EVENTLY_PG_HOST'),
    port: Number(stackEnv('EVENTLY_PG_PORT')),
    database: db.database,
    user: db.user,
    password: db.password,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const queryServiceDb = <R>(
  service: ServiceName | LabServiceName | MediumServiceName,
  sql: string,
  params: unknown[] = [],
) => withServiceDb(service, async (client) => (await client.query(sql, params)).rows as R[]);
