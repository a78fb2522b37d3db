import type { TicketType } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OrderItem } from '../booking/booking.entity';

/**
 * The only reader and writer of `ticket_type_sales`: places of each capped ticket type (one with a quota) in
 * confirmed bookings and in holds awaiting payment, so that its quota holds under concurrency. Types without
 * a quota are not counted here (every order of them would otherwise queue on their one row): when a type
 * gets a quota, `recount` counts it from the bookings.
 */
@Injectable()
export class TicketSalesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the items' places of their types, in type-id order (two orders never wait on each other's rows in
   * opposite orders), each only if it stays within its quota. The first type that would pass it, with what
   * is left of it; null when all were taken (the caller's transaction undoes a partial take by failing).
   */
  async take(
    manager: EntityManager,
    eventId: string,
    items: OrderItem[],
    types: TicketType[],
  ): Promise<{ ticketTypeId: string; name: string; available: number } | null> {
    for (const item of [...items].sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId))) {
      const quota = types.find((t) => t.id === item.ticketTypeId)?.quota ?? null;
      if (quota === null) continue;
      const rows = await manager.query<unknown[]>(
        `INSERT INTO ticket_type_sales AS s (event_id, ticket_type_id, sold)
         SELECT $1, $2, $3 WHERE $3 <= $4::int
         ON CONFLICT (event_id, ticket_type_id) DO UPDATE SET sold = s.sold + EXCLUDED.sold
         WHERE s.sold + EXCLUDED.sold <= $4::int
         RETURNING sold`,
        [eventId, item.ticketTypeId, item.quantity, quota],
      );
      if (rows.length === 0) {
        const [row] = await manager.query<{ sold: number }[]>(
          `SELECT sold FROM ticket_type_sales WHERE event_id = $1 AND ticket_type_id = $2`,
          [eventId, item.ticketTypeId],
        );
        return {
          ticketTypeId: item.ticketTypeId,
          name: item.name,
          available: Math.max(0, quota - (row?.sold ?? 0)),
        };
      }
    }
    return null;
  }

  /**
   * Counts `typeIds` afresh from the event's confirmed bookings and holds (a booking without items sold the
   * event's one type: `firstTypeId`). The caller has locked the types (`InventoryService.lockTypes`), so no
   * order of them is in flight.
   */
  async recount(manager: EntityManager, eventId: string, typeIds: string[], firstTypeId: string) {
    await manager.query(
      `INSERT INTO ticket_type_sales AS s (event_id, ticket_type_id, sold)
       SELECT $1, t.id, coalesce(b.sold, 0)
       FROM unnest($2::uuid[]) AS t(id)
       LEFT JOIN (
         SELECT coalesce((line->>'ticketTypeId')::uuid, $3::uuid) AS id,
                sum(coalesce((line->>'quantity')::int, quantity))::int AS sold
         FROM bookings LEFT JOIN LATERAL jsonb_array_elements(items) AS line ON true
         WHERE event_id = $1 AND status IN ('confirmed', 'pending_payment')
         GROUP BY 1) b ON b.id = t.id
       ON CONFLICT (event_id, ticket_type_id) DO UPDATE SET sold = EXCLUDED.sold`,
      [eventId, typeIds, firstTypeId],
    );
  }

  /** Gives the items' places back to their types (a hold expired or cancelled, a booking cancelled). */
  async giveBack(manager: EntityManager, eventId: string, items: OrderItem[]): Promise<void> {
    if (items.length === 0) return;
    await manager.query(
      `UPDATE ticket_type_sales s SET sold = greatest(0, s.sold - i.quantity)
       FROM unnest($2::uuid[], $3::int[]) AS i(ticket_type_id, quantity)
       WHERE s.event_id = $1 AND s.ticket_type_id = i.ticket_type_id`,
      [eventId, items.map((i) => i.ticketTypeId), items.map((i) => i.quantity)],
    );
  }

  /** Places sold (or held) of each type of the event, by type id. */
  async soldOf(
    eventId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    const rows = await manager.query<{ ticket_type_id: string; sold: number }[]>(
      `SELECT ticket_type_id, sold FROM ticket_type_sales WHERE event_id = $1`,
      [eventId],
    );
    return new Map(rows.map((r) => [r.ticket_type_id, r.sold]));
  }
}
