import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

export interface PollerOptions {
  /** Names the loop in logs and in the `poller_rounds_total` metric. */
  name: string;
  /** Wait between rounds when the last one found nothing to do. */
  intervalMs: number;
  /**
   * One round of work. Returning true means "there may be more": the next round starts at once, so a
   * backlog drains without waiting an interval per batch.
   */
  round: () => Promise<boolean | void>;
  /** Longest wait after consecutive failures (the wait doubles from intervalMs up to this). */
  maxBackoffMs?: number;
  /** Where `poller_rounds_total` is registered (the service's MetricsService registry). */
  registry?: Registry;
}

const counters = new WeakMap<Registry, Counter<'poller' | 'outcome'>>();

function roundsCounter(registry: Registry): Counter<'poller' | 'outcome'> {
  let counter = counters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'poller_rounds_total',
      help: 'Rounds of background loops, by loop and outcome (work, idle, failed)',
      labelNames: ['poller', 'outcome'],
      registers: [registry],
    });
    counters.set(registry, counter);
  }
  return counter;
}

/**
 * The one background loop of every service (outbox relay, email delivery, fan-out, live stream, purges):
 * rounds never overlap, a round that found work is followed at once by the next, an idle one waits
 * `intervalMs`, a failing one backs off (doubling, up to `maxBackoffMs`) and is logged. `wake()` starts a
 * round now (coalesced with one under way). Timers are unref'd, so a loop never keeps a process alive;
 * `stop()` waits for the round in flight.
 */
export class Poller {
  private readonly logger: Logger;
  private readonly rounds?: Counter<'poller' | 'outcome'>;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private wakeRequested = false;
  private failures = 0;
  private started = false;

  constructor(private readonly options: PollerOptions) {
    this.logger = new Logger(`Poller:${options.name}`);
    this.rounds = options.registry ? roundsCounter(options.registry) : undefined;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake();
  }

  /** Runs a round now, or right after the one under way. */
  wake(): void {
    if (!this.started) return;
    if (this.inFlight) {
      this.wakeRequested = true;
      return;
    }
    clearTimeout(this.timer);
    this.inFlight = this.runRounds().finally(() => {
      this.inFlight = undefined;
      if (!this.started) return;
      if (this.wakeRequested) {
        this.wakeRequested = false;
        this.wake();
      } else {
        this.schedule(this.nextDelay());
      }
    });
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private async runRounds(): Promise<void> {
    while (this.started) {
      let more: boolean | void;
      try {
        more = await this.options.round();
        this.failures = 0;
        this.rounds?.inc({ poller: this.options.name, outcome: more ? 'work' : 'idle' });
      } catch (error) {
        this.failures++;
        this.rounds?.inc({ poller: this.options.name, outcome: 'failed' });
        this.logger.warn(
          { err: error },
          `${this.options.name} round failed (${this.failures} in a row); next in ${this.nextDelay()} ms`,
        );
        return;
      }
      if (!more) return;
    }
  }

  private nextDelay(): number {
    if (this.failures === 0) return this.options.intervalMs;
    const max = this.options.maxBackoffMs ?? this.options.intervalMs * 30;
    return Math.min(max, this.options.intervalMs * 2 ** Math.min(this.failures, 20));
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => this.wake(), delayMs);
    this.timer.unref();
  }
}

/**
 * A provider whose work is one background loop: the loop starts when the application has booted and is
 * stopped (its round in flight awaited) when it shuts down.
 */
export abstract class BackgroundLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly loop: Poller;

  protected constructor(options: Omit<PollerOptions, 'round'>) {
    this.loop = new Poller({ ...options, round: () => this.round() });
  }

  /** One round of the loop's work; true when there may be more right away. */
  protected abstract round(): Promise<boolean | void>;

  /** Starts the loop once `beforeStart` is done (awaited: the app serves only after every bootstrap hook). */
  async onApplicationBootstrap(): Promise<void> {
    await this.beforeStart();
    this.loop.start();
  }

  /**
   * Work that must be done before the app serves (after every module's init, migrations included), e.g.
   * loading state the loop then keeps fresh. Nothing by default.
   */
  protected beforeStart(): Promise<void> {
    return Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
