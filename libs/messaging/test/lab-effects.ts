// What the messaging specs read and send around the lab services: the effects handlers left, raw
// publishes past the outbox, and the dead-letter queues.
import type { ConfirmChannel, GetMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { eventually } from '@evently/testing/eventually';
import { LabNames, LabService, THING_CREATED } from '@evently/testing/messaging-lab';

export interface EffectRow {
  message_id: string;
  subject: string;
  retry_count: number;
  instance: string;
}

export const effectsFor = async (service: LabService, subject: string): Promise<EffectRow[]> =>
  await service.dataSource.query<EffectRow[]>(
    `SELECT message_id, subject, retry_count, instance FROM lab_effects WHERE subject = $1`,
    [subject],
  );

/** Waits until `count` effects exist for each subject, then returns them all. */
export async function waitForEffects(
  service: LabService,
  subjects: string[],
  count = 1,
): Promise<EffectRow[]> {
  return eventually(
    async () => {
      const rows = await service.dataSource.query<EffectRow[]>(
        `SELECT message_id, subject, retry_count, instance FROM lab_effects WHERE subject = ANY($1)`,
        [subjects],
      );
      const perSubject = new Map<string, number>();
      for (const row of rows) perSubject.set(row.subject, (perSubject.get(row.subject) ?? 0) + 1);
      return subjects.every((s) => (perSubject.get(s) ?? 0) >= count) ? rows : undefined;
    },
    30000,
    `effects of ${subjects.length} subjects`,
  );
}

/** A fact's envelope as a producer would send it, with `overrides`. */
export const envelope = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: THING_CREATED,
  version: 1,
  occurredAt: new Date().toISOString(),
  producer: 'test',
  correlationId: `corr-${randomUUID()}`,
  payload: { thingId: randomUUID(), note: 'raw', failTimes: 0 },
  ...overrides,
});

/** Publishes raw bytes (or JSON) to the lab's exchange, bypassing every outbox, and waits for the confirm. */
export async function publishRaw(
  channel: ConfirmChannel,
  names: LabNames,
  body: unknown,
  routingKey = THING_CREATED,
  messageId?: string,
) {
  const content = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  channel.publish(names.exchange, routingKey, content, { persistent: true, messageId });
  await channel.waitForConfirms();
}

/** Drains a DLQ and returns what was in it (taken with no ack: callers keep what they got). */
export async function readDlq(channel: ConfirmChannel, queue: string): Promise<GetMessage[]> {
  const messages: GetMessage[] = [];
  for (;;) {
    const message = await channel.get(`${queue}.dlq`, { noAck: true });
    if (!message) return messages;
    messages.push(message);
  }
}
