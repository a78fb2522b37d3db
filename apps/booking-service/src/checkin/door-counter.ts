import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { Observable, Subscriber } from 'rxjs';
import { checkInSummary } from '../analytics/check-in.rules';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { InventoryService } from '../inventory/inventory.service';
import { TicketRepository } from '../ticket/ticket.repository';

/** Checked in and expected, in all and per ticket type, as the door counter shows them. */
export type DoorCount = ReturnType<typeof checkInSummary>;

interface Watch {
  subscribers: Set<Subscriber<DoorCount>>;
  /** What was last pushed (as JSON): a count is pushed only when it changed. */
  last: string | null;
  count: DoorCount | null;
}

/**
 * The live door counter: every DOOR_COUNTER_INTERVAL_MS, each event someone follows on this instance is
 * re-counted (one query, whichever instance checked the tickets in) and pushed to its followers when it
 * changed. A follower gets the current count at once.
 */
@Injectable()
export class DoorCounter extends BackgroundLoop {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly tickets: TicketRepository,
    private readonly inventory: InventoryService,
    @InjectConfig() config: BookingServiceConfig,
    metrics: MetricsService,
  ) {
    super({ name: 'door-counter', intervalMs: config.DOOR_COUNTER_INTERVAL_MS, registry: metrics.registry });
  }

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    for (const watch of this.watches.values()) for (const s of watch.subscribers) s.complete();
  }

  /** The event's count now, then each time it changes, until the subscriber goes away. */
  follow(eventId: string): Observable<DoorCount> {
    return new Observable<DoorCount>((subscriber) => {
      let watch = this.watches.get(eventId);
      if (!watch) {
        watch = { subscribers: new Set(), last: null, count: null };
        this.watches.set(eventId, watch);
        this.loop.wake();
      } else if (watch.count) {
        subscriber.next(watch.count);
      }
      watch.subscribers.add(subscriber);
      const followed = watch;
      return () => {
        followed.subscribers.delete(subscriber);
        if (followed.subscribers.size === 0 && this.watches.get(eventId) === followed)
          this.watches.delete(eventId);
      };
    });
  }

  protected async round(): Promise<void> {
    for (const [eventId, watch] of [...this.watches]) {
      const event = await this.inventory.find(eventId);
      if (!event) continue;
      const count = checkInSummary(
        await this.tickets.checkInsByType(eventId),
        event.ticketTypes,
        event.endsAt.getTime() <= Date.now(),
      );
      const json = JSON.stringify(count);
      if (json === watch.last) continue;
      watch.last = json;
      watch.count = count;
      for (const subscriber of watch.subscribers) subscriber.next(count);
    }
  }
}
