import type { ConfirmChannel, MessagePropertyHeaders, Options } from 'amqplib';

export const RETRY_COUNT_HEADER = 'x-retry-count';
export const ERROR_HEADER = 'x-error';
export const ERROR_REASON_HEADER = 'x-error-reason';

/** Publishes on a confirm channel and resolves once the broker has confirmed. */
export function confirmedPublish(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      channel.publish(exchange, routingKey, content, options, (error) =>
        error ? reject(error as Error) : resolve(),
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** x-death and friends grow with every pass through a retry queue; our own headers say what matters. */
export function stripBrokerHeaders(headers: MessagePropertyHeaders | undefined): MessagePropertyHeaders {
  const copy = { ...(headers ?? {}) };
  for (const key of Object.keys(copy)) {
    if (key === 'x-death' || key.startsWith('x-first-death-') || key.startsWith('x-last-death-'))
      delete copy[key];
  }
  return copy;
}
