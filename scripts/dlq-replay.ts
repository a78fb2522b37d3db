// npm run dlq:replay -- <service> [--limit N] [--queue NAME] [--url amqp://...]
// Moves messages from a service's DLQ (<queue>.dlq) back to its queue. The broker URL comes from --url,
// else RABBITMQ_URL, else the running local stack (.stack/$EVENTLY_STACK/stack.env, "dev" by default).
import { replayDeadLetters } from '@evently/messaging';
import amqplib from 'amqplib';
import { parseArgs } from 'node:util';
import { readStackEnv } from './stack-env';

const brokerUrlFromStack = (): string | undefined =>
  readStackEnv(process.env.EVENTLY_STACK ?? 'dev')?.EVENTLY_RABBITMQ_URL;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { limit: { type: 'string' }, queue: { type: 'string' }, url: { type: 'string' } },
  });
  const queue = values.queue ?? positionals[0];
  if (!queue) {
    process.stderr.write(
      'usage: npm run dlq:replay -- <service> [--limit N] [--queue NAME] [--url amqp://...]\n',
    );
    return 2;
  }
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit > 0)) {
    process.stderr.write(`--limit must be a positive number, not ${values.limit}\n`);
    return 2;
  }
  const url = values.url ?? process.env.RABBITMQ_URL ?? brokerUrlFromStack();
  if (!url) {
    process.stderr.write('No broker URL: pass --url, set RABBITMQ_URL, or start the local stack.\n');
    return 2;
  }
  const connection = await amqplib.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    const { replayed, remaining } = await replayDeadLetters(channel, queue, limit);
    process.stdout.write(
      `Replayed ${replayed} message(s) from ${queue}.dlq to ${queue}; ${remaining} left in the DLQ.\n`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlq:replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
