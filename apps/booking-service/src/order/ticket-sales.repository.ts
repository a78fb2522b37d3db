import type { TicketType } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OrderItem } from '../booking/booking.entity';

/**
 * The only reader and writer of `ticket_type_sales`: places of each ticket type in confirmed bookings and in
 * holds awaiting payment, so that a type's quota holds under concurrency.
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
      const rows = await manager.query<unknown[]>(
        `INSERT INTO ticket_type_sales AS s (event_id, ticket_type_id, sold)
         SELECT $1, $2, $3 WHERE $4::int IS NULL OR $3 <= $4::int
         ON CONFLICT (event_id, ticket_type_id) DO UPDATE SET sold = s.sold + EXCLUDED.sold
         WHERE $4::int IS NULL OR s.sold + EXCLUDED.sold <= $4::int
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
          available: Math.max(0, quota! - (row?.sold ?? 0)),
        };
      }
    }
    return null;
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
