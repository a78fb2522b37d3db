import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InventoryService } from '../inventory/inventory.service';
import { PositionedEntry, WaitlistEntryEntity, WaitlistStatus } from '../waitlist/waitlist.entity';
import { holdOf, leaveRefusal } from '../waitlist/waitlist.rules';
import { WaitlistService } from '../waitlist/waitlist.service';
import { OfferFreedPlaces } from './offer-freed-places';

/**
 * DELETE /waitlist/:id and POST /waitlist/:id/decline: a person leaves the list or declines an open offer;
 * the places held for an offer are released and pass on to the next entry, in the same transaction.
 */
@Injectable()
export class WithdrawFromWaitlist {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: InventoryService,
    private readonly waitlist: WaitlistService,
    private readonly offers: OfferFreedPlaces,
  ) {}

  /** Leaves the list; an offer held for the entry passes on. Leaving twice is fine. */
  async leave(caller: AuthUser, entryId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const entry = await this.lockOwn(manager, caller, entryId);
      if (entry.status === WaitlistStatus.Left) return;
      const refusal = leaveRefusal(entry);
      if (refusal) throw refusal;
      await this.withdraw(manager, entry, WaitlistStatus.Left);
    });
  }

  /** Declines an open offer; its places pass on and the entry is closed. */
  decline(caller: AuthUser, entryId: string): Promise<PositionedEntry> {
    return this.dataSource.transaction(async (manager) => {
      const entry = await this.lockOwn(manager, caller, entryId);
      await this.waitlist.openOffer(manager, entry);
      return { entry: await this.withdraw(manager, entry, WaitlistStatus.Declined), position: null };
    });
  }

  /** An entry of the caller's, locked after its event's row (the lock order). */
  private async lockOwn(manager: EntityManager, caller: AuthUser, entryId: string) {
    const found = await this.waitlist.findOwn(manager, caller.id, entryId);
    await this.inventory.lockEvent(manager, found.eventId);
    return this.waitlist.lock(manager, entryId);
  }

  private async withdraw(
    manager: EntityManager,
    entry: WaitlistEntryEntity,
    status: WaitlistStatus.Declined | WaitlistStatus.Left,
  ): Promise<WaitlistEntryEntity> {
    const wasOffered = entry.status === WaitlistStatus.Offered;
    const closed = await this.waitlist.withdraw(manager, entry, status);
    if (wasOffered) {
      await this.inventory.releaseHolds(manager, [holdOf(entry)]);
      await this.offers.execute(manager, entry.eventId, entry.offeredSeats);
    } else {
      await this.inventory.leftWaiting(manager, entry.eventId, 1);
    }
    return closed;
  }
}
