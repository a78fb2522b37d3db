import type { Envelope } from '@evently/contracts';
import type { EntityManager } from 'typeorm';

/**
 * What a message handler gets besides the payload (`@Ctx()`): the envelope, and the EntityManager of the
 * transaction that also records the message in the inbox. Every database effect of the handler must go
 * through `manager`, so that it commits together with the inbox row or not at all.
 */
export class MessageContext {
  constructor(
    readonly envelope: Envelope,
    readonly manager: EntityManager,
    /** How many times this message already failed and was retried (0 on first delivery). */
    readonly retryCount: number,
  ) {}

  get messageId(): string {
    return this.envelope.id;
  }

  get correlationId(): string {
    return this.envelope.correlationId;
  }
}
