import { BackgroundLoop, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { RevokedSessions } from './revoked-sessions';
import { RevokedSessionsRepository } from './revoked-sessions.repository';

/** How often every instance re-reads the revocations: the bound on how late a revocation takes effect. */
const REFRESH_MS = 1000;
/** Expired rows are deleted every this many rounds. */
const PURGE_EVERY = 600;

/**
 * Keeps RevokedSessions in step with the table, on every instance (the fact reaches one instance of a
 * service; the table reaches them all): read once before the app serves, then every second.
 */
@Injectable()
export class RevokedSessionsLoop extends BackgroundLoop {
  private rounds = 0;

  constructor(
    private readonly revoked: RevokedSessions,
    private readonly repository: RevokedSessionsRepository,
    metrics: MetricsService,
  ) {
    super({
      name: 'revoked-sessions',
      intervalMs: REFRESH_MS,
      maxBackoffMs: 5000,
      registry: metrics.registry,
    });
  }

  /** Loads the revocations before the first request is served (the loop keeps them fresh after). */
  protected override async beforeStart(): Promise<void> {
    this.revoked.replace(await this.repository.live());
  }

  protected async round(): Promise<void> {
    if (++this.rounds % PURGE_EVERY === 0) await this.repository.purgeExpired();
    this.revoked.replace(await this.repository.live());
  }
}
