import { BackgroundLoop, MetricsService } from '@evently/common';
import { Injectable, Logger } from '@nestjs/common';

const RETRY_MS = 250;

interface Undo {
  what: string;
  run: () => Promise<unknown>;
}

/**
 * What a failed request must still give back when the database was away at that moment (its claimed
 * places, then its Idempotency-Key): done in order as soon as the database answers again, so the buyer's
 * retry finds its places and its key free within moments of the recovery, not after a TTL or a lease.
 */
@Injectable()
export class UndoWhenBack extends BackgroundLoop {
  private readonly logger = new Logger(UndoWhenBack.name);
  private readonly queue: Undo[] = [];

  constructor(metrics: MetricsService) {
    super({
      name: 'undo-when-back',
      intervalMs: RETRY_MS,
      maxBackoffMs: RETRY_MS * 4,
      registry: metrics.registry,
    });
  }

  /**
   * Runs `run` now, unless earlier undos are still waiting (they go first, in order); if it fails, or has to
   * wait, it is queued and retried until the database answers. Never throws: the caller's own error is the
   * one to report.
   */
  async now(what: string, run: () => Promise<unknown>): Promise<void> {
    if (this.queue.length === 0) {
      try {
        await run();
        return;
      } catch (error) {
        this.logger.warn({ err: error }, `${what} failed; retrying in the background`);
      }
    }
    this.queue.push({ what, run });
    this.loop.wake();
  }

  get size(): number {
    return this.queue.length;
  }

  /** In order: a failure stops the round (the loop backs off and tries the same one again). */
  protected async round(): Promise<void> {
    while (this.queue.length > 0) {
      await this.queue[0].run();
      this.logger.log(`${this.queue.shift()!.what}: done once the database answered`);
    }
  }
}
