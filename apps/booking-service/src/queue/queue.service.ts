import { AuthUser } from '@evently/auth';
import { InjectConfig } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { InventoryEntity, InventoryStatus } from '../inventory/inventory.entity';
import { canAccess, eventNotFound } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import { JoinBatcher } from './join-batcher';
import { Recent } from './recent';
import { QueueErrorCode, QueueException } from './queue.exception';
import { QueueEntry, QueueRepository } from './queue.repository';
import { estimatedWaitSeconds, passRefusal, positionOf, QueueHead, salePhase } from './queue.rules';

/** What a waiting visitor sees: their place, the wait, and once admitted their pass. */
export interface QueueStatus {
  token: string;
  opensAt: string;
  /** 1 is next; null until they are ranked (before the sale opens, and for a moment after joining). */
  position: number | null;
  estimatedWaitSeconds: number | null;
  state: 'waiting' | 'admitted' | 'expired';
  pass: string | null;
  passExpiresAt: string | null;
}

/**
 * The on-sale queue, as visitors use it: join (one place per account), read where they are, and book with
 * the pass they are given. Ranking and admission are the admitter's (QueueAdmitter).
 */
@Injectable()
export class QueueService {
  /** A queued event as a rush of visitors reads it: at most once a second (a change shows within it). */
  private readonly events = new Recent<InventoryEntity | null>(1_000);
  /** A queue's head: read once per admission round at most. */
  private readonly heads: Recent<QueueHead | null>;

  constructor(
    private readonly queue: QueueRepository,
    private readonly inventory: InventoryService,
    private readonly joins: JoinBatcher,
    @InjectConfig() private readonly config: BookingServiceConfig,
  ) {
    this.heads = new Recent(config.QUEUE_TICK_MS);
  }

  /** Joins the event's line, or answers with the place the account holds already. */
  async join(caller: AuthUser, eventId: string): Promise<{ status: QueueStatus; joined: boolean }> {
    const event = await this.queuedEvent(caller, eventId);
    const { entry, joined } = await this.joins.join(eventId, caller.id, randomUUID());
    return { status: this.statusOf(event, entry, await this.headOf(eventId)), joined };
  }

  /** Where the caller's place (by its token) stands now. */
  async status(caller: AuthUser, eventId: string, token: string): Promise<QueueStatus> {
    const event = await this.queuedEvent(caller, eventId);
    return this.statusOf(event, await this.entry(caller, eventId, token), await this.headOf(eventId));
  }

  private headOf(eventId: string): Promise<QueueHead | null> {
    return this.heads.get(eventId, () => this.queue.head(eventId));
  }

  /** The caller's place by its token (a token is bound to the account that queued). */
  async entry(caller: AuthUser, eventId: string, token: string): Promise<QueueEntry> {
    const entry = await this.queue.byToken(eventId, token);
    if (!entry || entry.userId !== caller.id) {
      throw new QueueException(QueueErrorCode.QueueEntryNotFound, 'No place in this line has this token');
    }
    return entry;
  }

  /** The event, if it sells through a queue and is still on sale; else 409 NO_QUEUE. */
  async queuedEvent(caller: AuthUser, eventId: string): Promise<InventoryEntity> {
    const event = await this.events.get(eventId, () => this.inventory.find(eventId));
    if (!event || !canAccess(event, caller)) throw eventNotFound();
    if (!event.onSale?.queue || event.status !== InventoryStatus.Published || event.endsAt <= new Date()) {
      throw new QueueException(QueueErrorCode.NoQueue, 'This event does not sell through a queue now');
    }
    return event;
  }

  statusOf(event: InventoryEntity, entry: QueueEntry, head: QueueHead | null): QueueStatus {
    const now = Date.now();
    const admitted = entry.pass !== null;
    const expired = admitted && (entry.passExpiresAt?.getTime() ?? 0) <= now;
    const position = admitted ? 0 : positionOf(entry.rank, head?.admittedUpto ?? 0);
    const perMinute = event.onSale?.admitPerMinute ?? head?.recentPerMinute ?? 0;
    // Not placed yet after the opening (the next round places it): at least everyone placed is ahead.
    const open = Date.parse(event.onSale!.opensAt) <= now;
    const ahead = position ?? (open && head ? head.lastRank - head.admittedUpto + 1 : null);
    return {
      token: entry.token,
      opensAt: event.onSale!.opensAt,
      position,
      estimatedWaitSeconds: admitted
        ? 0
        : estimatedWaitSeconds(ahead, perMinute, this.config.QUEUE_ESTIMATE_PER_MINUTE),
      state: expired ? 'expired' : admitted ? 'admitted' : 'waiting',
      pass: admitted && !expired ? entry.pass : null,
      passExpiresAt: admitted ? entry.passExpiresAt!.toISOString() : null,
    };
  }

  /**
   * Lets a booking of the event go ahead, or refuses it: before the sale opens (409 QUEUE_PASS_REQUIRED with
   * a queue, SALE_NOT_OPEN without), and while it sells through a queue without a valid pass of the buyer's.
   * A pass that lets the buyer in is marked used (its place in the admission window goes to the next).
   */
  async admit(
    caller: AuthUser,
    event: InventoryEntity,
    pass: string | undefined,
    manager?: EntityManager,
  ): Promise<void> {
    const phase = salePhase(event.onSale, Date.now());
    if (phase === 'open') return;
    if (phase === 'before' && !event.onSale!.queue) {
      throw new QueueException(QueueErrorCode.SaleNotOpen, `The sale opens at ${event.onSale!.opensAt}`, {
        opensAt: event.onSale!.opensAt,
      });
    }
    if (phase === 'queue' && pass && (await this.queue.usePass(event.eventId, caller.id, pass, manager)))
      return;
    const entry = phase === 'queue' ? await this.queue.entryOf(event.eventId, caller.id) : null;
    throw new QueueException(
      QueueErrorCode.QueuePassRequired,
      'This sale goes through a queue: join it, and book with the pass it gives you',
      {
        opensAt: event.onSale!.opensAt,
        reason: phase === 'before' ? 'not_open' : passRefusal(entry, pass, Date.now()),
      },
    );
  }
}
