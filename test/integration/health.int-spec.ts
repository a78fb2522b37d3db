import { AppModule } from '../../apps/event-service/src/app.module';
import { RunningApp, startHttpApp } from '@evently/testing/http-app';
import { serviceEnv, stackEnv, withEnv } from '@evently/testing/stack';
import { TcpProxy } from '@evently/testing/tcp-proxy';

interface Health {
  status: string;
  checks: Record<string, { status: string }>;
}

async function health(url: string): Promise<{ status: number; body: Health }> {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: (await res.json()) as Health };
}

/** Polls /health until `accept` holds (the broker client notices a lost connection within seconds). */
async function waitForHealth(
  url: string,
  accept: (h: { status: number; body: Health }) => boolean,
  timeoutMs = 20000,
) {
  const deadline = Date.now() + timeoutMs;
  let last = await health(url);
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await health(url);
  }
  return last;
}

describe('GET /health of a real service (event-service) against real PostgreSQL and RabbitMQ', () => {
  const amqp = new URL(stackEnv('EVENTLY_RABBITMQ_URL'));
  const pgProxy = new TcpProxy('127.0.0.1', Number(stackEnv('EVENTLY_PG_PORT')));
  const amqpProxy = new TcpProxy('127.0.0.1', Number(amqp.port));
  let running: RunningApp;

  beforeAll(async () => {
    await pgProxy.start();
    await amqpProxy.start();
    const brokerUrl = new URL(amqp);
    brokerUrl.port = String(amqpProxy.port);
    running = await withEnv(
      serviceEnv('event-service', {
        DATABASE_PORT: String(pgProxy.port),
        RABBITMQ_URL: brokerUrl.toString(),
      }),
      () => startHttpApp(AppModule, 'event-service'),
    );
  });
  afterAll(async () => {
    await pgProxy.restore();
    await amqpProxy.restore();
    await running?.close();
    await pgProxy.stop();
    await amqpProxy.stop();
  });

  it('is 200 with both checks up when the database and the broker answer', async () => {
    const h = await waitForHealth(running.url, (x) => x.status === 200);
    expect(h).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: { status: 'up' }, broker: { status: 'up' } } },
    });
  });

  it('is 503 naming the broker when RabbitMQ goes away, and 200 again once it is back', async () => {
    await amqpProxy.cut();
    const down = await waitForHealth(running.url, (x) => x.status === 503);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('error');
    expect(down.body.checks.broker.status).toBe('down');
    expect(down.body.checks.database.status).toBe('up');

    await amqpProxy.restore();
    const up = await waitForHealth(running.url, (x) => x.status === 200);
    expect(up.body.checks.broker.status).toBe('up');
  });

  it('is 503 naming the database when PostgreSQL goes away, and 200 again once it is back', async () => {
    await pgProxy.cut();
    const down = await waitForHealth(running.url, (x) => x.status === 503);
    expect(down.status).toBe(503);
    expect(down.body.checks.database.status).toBe('down');
    expect(down.body.checks.broker.status).toBe('up');

    await pgProxy.restore();
    const up = await waitForHealth(running.url, (x) => x.status === 200);
    expect(up.body.checks.database.status).toBe('up');
  });
});

describe('GET /health when the broker was never reachable', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await withEnv(
      serviceEnv('event-service', { RABBITMQ_URL: 'amqp://evently:evently@127.0.0.1:1' }),
      () => startHttpApp(AppModule, 'event-service'),
    );
  });
  afterAll(() => running.close());

  it('still starts, and reports 503 with the broker down', async () => {
    const h = await health(running.url);
    expect(h.status).toBe(503);
    expect(h.body.checks).toEqual({
      database: { status: 'up' },
      broker: { status: 'down', message: 'not connected' },
    });
  });
});
