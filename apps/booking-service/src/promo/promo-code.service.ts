import { OutboxService } from '@evently/messaging';
import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { notEventOrganizer } from '../errors';
import { InventoryEntity } from '../inventory/inventory.entity';
import { canOrganize, eventNotFound } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import type { CreatePromoCodeDto } from './dto/promo-code.dto';
import { PromoCodeRepository } from './promo-code.repository';
import { PromoCode, promoCodeProblems, promoInvalid, promoRefusal } from './promo-code.rules';
import { PromoErrorCode, PromoException } from './promo.exception';

/**
 * Promo codes: the organizer's (create, list with uses, withdraw), and an order's (checked before it claims
 * places, one use taken in its transaction, given back when it ends unpaid or is cancelled).
 */
@Injectable()
export class PromoCodeService {
  constructor(
    private readonly codes: PromoCodeRepository,
    private readonly inventory: InventoryService,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async create(caller: AuthUser, eventId: string, draft: CreatePromoCodeDto): Promise<PromoCode> {
    const event = await this.organized(caller, eventId);
    promoCodeProblems(draft, event.ticketTypes);
    // The code and its audit line commit together.
    const created = await this.dataSource.transaction(async (manager) => {
      const made = await this.codes.create(
        {
          id: randomUUID(),
          eventId,
          code: draft.code,
          percentOff: draft.percentOff ?? null,
          amountOff: draft.amountOff ?? null,
          ticketTypeIds: draft.ticketTypeIds ?? null,
          maxUses: draft.maxUses ?? null,
          validFrom: draft.validFrom ? new Date(draft.validFrom) : null,
          validUntil: draft.validUntil ? new Date(draft.validUntil) : null,
          unlocksHidden: draft.unlocksHidden ?? false,
        },
        caller.id,
        manager,
      );
      if (made) await this.audit(manager, caller, event, 'promo_code.created', made.id, { code: made.code });
      return made;
    });
    if (!created) {
      throw new PromoException(
        PromoErrorCode.PromoCodeExists,
        `This event already has the code ${draft.code}`,
        {
          code: draft.code,
        },
      );
    }
    return created;
  }

  async list(caller: AuthUser, eventId: string): Promise<PromoCode[]> {
    await this.organized(caller, eventId);
    return this.codes.list(eventId);
  }

  async setDisabled(caller: AuthUser, eventId: string, id: string, disabled: boolean): Promise<PromoCode> {
    const event = await this.organized(caller, eventId);
    const code = await this.dataSource.transaction(async (manager) => {
      const changed = await this.codes.setDisabled(eventId, id, disabled, manager);
      if (changed) {
        await this.audit(
          manager,
          caller,
          event,
          disabled ? 'promo_code.disabled' : 'promo_code.enabled',
          id,
          {
            code: changed.code,
          },
        );
      }
      return changed;
    });
    if (!code)
      throw new PromoException(PromoErrorCode.PromoCodeNotFound, 'This event has no such promo code');
    return code;
  }

  /** Records a promo-code change for the audit log, in the change's transaction. */
  private async audit(
    manager: EntityManager,
    caller: AuthUser,
    event: InventoryEntity,
    action: string,
    id: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.outbox.audit(manager, caller, {
      action,
      targetType: 'promo_code',
      targetId: id,
      eventId: event.eventId,
      organizerId: event.organizerId,
      details,
    });
  }

  /** The event's live code spelled `code`, or 409 PROMO_CODE_INVALID with why not. */
  async usable(eventId: string, code: string, manager?: EntityManager): Promise<PromoCode> {
    const found = await this.codes.findByCode(eventId, code, manager);
    const reason = promoRefusal(found, Date.now());
    if (reason) throw promoInvalid(reason, found);
    return found!;
  }

  /** Takes one use of the code for an order in the caller's transaction, or PROMO_CODE_INVALID (used up...). */
  async takeUse(manager: EntityManager, code: PromoCode): Promise<void> {
    if (await this.codes.takeUse(manager, code.id)) return;
    const now = await this.codes.findByCode(code.eventId, code.code, manager);
    throw promoInvalid(promoRefusal(now, Date.now()) ?? 'used_up', now);
  }

  /** A code of the event by id (an order's), on the caller's transaction. */
  async byId(manager: EntityManager, eventId: string, id: string): Promise<PromoCode> {
    const code = await this.codes.find(eventId, id, manager);
    if (!code)
      throw new PromoException(PromoErrorCode.PromoCodeNotFound, 'This event has no such promo code');
    return code;
  }

  giveBackUse(manager: EntityManager, id: string): Promise<void> {
    return this.codes.giveBackUse(manager, id);
  }

  private async organized(caller: AuthUser, eventId: string): Promise<InventoryEntity> {
    const event = await this.inventory.find(eventId);
    if (!event) throw eventNotFound();
    if (!canOrganize(caller, event)) throw notEventOrganizer();
    return event;
  }
}
