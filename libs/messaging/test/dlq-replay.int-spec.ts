import amqplib, { ChannelModel, ConfirmChannel } from 'amqplib';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eventually } from '@evently/testing/eventually';
import {
  labNames,
  LabService,
  startLabService,
  ThingHandler,
  tearDownLab,
} from '@evently/testing/messaging-lab';
import { stackEnv } from '@evently/testing/stack';

describe('npm run dlq:replay', () => {
  const names = labNames();
  let producer: LabService;
  let consumer: LabService;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    producer = await startLabService({ service: 'lab7-service', names });
    consumer = await startLabService({
      service: 'lab8-service',
      names,
      handlers: [ThingHandler],
      retryDelaysMs: [100],
    });
    connection = await amqplib.connect(stackEnv('EVENTLY_RABBITMQ_URL'));
    channel = await connection.createConfirmChannel();
  });

  afterAll(async () => {
    await tearDownLab(names, [producer, consumer]);
    await connection?.close();
  });

  it('moves parked messages back to the service queue, where they are handled once', async () => {
    // The handler fails ("downstream not ready") for blocked subjects: with one retry tier they end in the DLQ.
    const subjects = [randomUUID(), randomUUID(), randomUUID()];
    await consumer.dataSource.query(`INSERT INTO lab_blocked (subject) SELECT unnest($1::text[])`, [
      subjects,
    ]);
    for (const thingId of subjects) await producer.things.createThing('blocked', { thingId });
    const dlq = `${consumer.queue}.dlq`;
    await eventually(
      async () => ((await channel.checkQueue(dlq)).messageCount === subjects.length ? true : undefined),
      20000,
    );
    const handled = async () =>
      (
        await consumer.dataSource.query<unknown[]>(
          `SELECT subject FROM lab_effects WHERE subject = ANY($1)`,
          [subjects],
        )
      ).length;
    expect(await handled()).toBe(0);
    const parked = subjects.length;

    await consumer.dataSource.query(`DELETE FROM lab_blocked WHERE subject = ANY($1)`, [subjects]);
    const result = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', '..', 'dist', 'scripts', 'dlq-replay.js'), '--queue', consumer.queue],
      {
        env: { ...process.env, RABBITMQ_URL: stackEnv('EVENTLY_RABBITMQ_URL') },
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `Replayed ${parked} message(s) from ${dlq} to ${consumer.queue}; 0 left in the DLQ.`,
    );

    await eventually(async () => ((await handled()) === subjects.length ? true : undefined), 20000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await handled()).toBe(subjects.length); // once each
    expect((await channel.checkQueue(dlq)).messageCount).toBe(0);
  });

  it('refuses to run without a queue name', () => {
    const result = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', '..', 'dist', 'scripts', 'dlq-replay.js')],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run dlq:replay');
  });
});
