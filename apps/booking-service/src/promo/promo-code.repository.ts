import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { PromoCode } from './promo-code.rules';

interface PromoRow {
  id: string;
  event_id: string;
  code: string;
  percent_off: number | null;
  amount_off: number | null;
  ticket_type_ids: string[] | null;
  max_uses: number | null;
  uses: number;
  valid_from: Date | null;
  valid_until: Date | null;
  unlocks_hidden: boolean;
  disabled_at: Date | null;
  created_at: Date;
}

const toCode = (r: PromoRow): PromoCode => ({
  id: r.id,
  eventId: r.event_id,
  code: r.code,
  percentOff: r.percent_off,
  amountOff: r.amount_off,
  ticketTypeIds: r.ticket_type_ids,
  maxUses: r.max_uses,
  uses: r.uses,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  unlocksHidden: r.unlocks_hidden,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
});

/** The only reader and writer of `promo_codes`. */
@Injectable()
export class PromoCodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates a code; null when the event has one spelled the same (in any case). */
  async create(
    code: Omit<PromoCode, 'uses' | 'disabledAt' | 'createdAt'>,
    by: string,
    manager?: EntityManager,
  ): Promise<PromoCode | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<PromoRow[]>(
      `INSERT INTO promo_codes (id, event_id, code, percent_off, amount_off, ticket_type_ids, max_uses, valid_from,
                                valid_until, unlocks_hidden, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (event_id, upper(code)) DO NOTHING RETURNING *`,
      [
        code.id,
        code.eventId,
        code.code,
        code.percentOff,
        code.amountOff,
        code.ticketTypeIds,
        code.maxUses,
        code.validFrom,
        code.validUntil,
        code.unlocksHidden,
        by,
      ],
    );
    return row ? toCode(row) : null;
  }

  /** The event's codes, newest first. */
  async list(eventId: string): Promise<PromoCode[]> {
    const rows = await this.dataSource.query<PromoRow[]>(
      `SELECT * FROM promo_codes WHERE event_id = $1 ORDER BY created_at DESC, id`,
      [eventId],
    );
    return rows.map(toCode);
  }

  async find(eventId: string, id: string, manager?: EntityManager): Promise<PromoCode | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<PromoRow[]>(
      `SELECT * FROM promo_codes WHERE event_id = $1 AND id = $2`,
      [eventId, id],
    );
    return row ? toCode(row) : null;
  }

  /** The event's code spelled `code` in any case, as it is now (on the caller's transaction if given). */
  async findByCode(eventId: string, code: string, manager?: EntityManager): Promise<PromoCode | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<PromoRow[]>(
      `SELECT * FROM promo_codes WHERE event_id = $1 AND upper(code) = upper($2)`,
      [eventId, code],
    );
    return row ? toCode(row) : null;
  }

  /**
   * Takes one use of the code for an order, in the order's transaction, if it is live now and not used up:
   * the one statement that keeps `uses` within `maxUses` however many orders race for it. The code as it is
   * after, or null when it could not be used.
   */
  async takeUse(manager: EntityManager, id: string): Promise<PromoCode | null> {
    const [row] = await manager.query<PromoRow[]>(
      `WITH used AS (
         UPDATE promo_codes SET uses = uses + 1
         WHERE id = $1 AND disabled_at IS NULL AND (max_uses IS NULL OR uses < max_uses)
           AND (valid_from IS NULL OR valid_from <= clock_timestamp())
           AND (valid_until IS NULL OR valid_until > clock_timestamp())
         RETURNING *)
       SELECT * FROM used`,
      [id],
    );
    return row ? toCode(row) : null;
  }

  /** Gives a use back: the order holding it ended unpaid or was cancelled. */
  async giveBackUse(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE promo_codes SET uses = greatest(0, uses - 1) WHERE id = $1`, [id]);
  }

  /** Withdraws the code (or brings it back); the code as it is after, or null if the event has no such code. */
  async setDisabled(
    eventId: string,
    id: string,
    disabled: boolean,
    manager?: EntityManager,
  ): Promise<PromoCode | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<PromoRow[]>(
      `WITH changed AS (
         UPDATE promo_codes
         SET disabled_at = CASE WHEN $3 THEN coalesce(disabled_at, clock_timestamp()) ELSE NULL END
         WHERE event_id = $1 AND id = $2 RETURNING *)
       SELECT * FROM changed`,
      [eventId, id, disabled],
    );
    return row ? toCode(row) : null;
  }
}
