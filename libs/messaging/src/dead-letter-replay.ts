import type { ConfirmChannel } from 'amqplib';
import {
  confirmedPublish,
  ERROR_HEADER,
  ERROR_REASON_HEADER,
  RETRY_COUNT_HEADER,
  stripBrokerHeaders,
} from './amqp-publish';

export interface ReplayResult {
  replayed: number;
  remaining: number;
}

/**
 * Moves up to `limit` messages from `<queue>.dlq` back to `<queue>` (through the default exchange, so only
 * that service sees them again), with a fresh retry budget. Each message is acked in the DLQ only after
 * the broker confirmed its copy in the queue: a crash half-way duplicates at worst, and the inbox dedupes.
 */
export async function replayDeadLetters(
  channel: ConfirmChannel,
  queue: string,
  limit = Infinity,
): Promise<ReplayResult> {
  const dlq = `${queue}.dlq`;
  await channel.checkQueue(queue);
  let replayed = 0;
  while (replayed < limit) {
    const message = await channel.get(dlq, { noAck: false });
    if (!message) break;
    const headers = stripBrokerHeaders(message.properties.headers);
    const previousReplays = Number(headers['x-replay-count'] ?? 0);
    for (const key of [RETRY_COUNT_HEADER, ERROR_HEADER, ERROR_REASON_HEADER, 'x-failed-at'])
      delete headers[key];
    headers['x-replay-count'] = previousReplays + 1;
    headers['x-replayed-at'] = new Date().toISOString();
    // Through the default exchange: only this service's queue sees it again.
    await confirmedPublish(channel, '', queue, message.content, {
      ...message.properties,
      headers,
      persistent: true,
    });
    channel.ack(message);
    replayed++;
  }
  const { messageCount } = await channel.checkQueue(dlq);
  return { replayed, remaining: messageCount };
}
