import type { OnSale, TicketType } from '@evently/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum InventoryStatus {
  Published = 'published',
  Cancelled = 'cancelled',
  Completed = 'completed',
}

/** booking-service's replica of a published event: what it may sell, and what it has sold (GA). */
@Entity('inventory')
export class InventoryEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('integer', { name: 'event_version' })
  eventVersion!: number;

  @Column('uuid', { name: 'organizer_id' })
  organizerId!: string;

  @Column('text')
  title!: string;

  @Column('text')
  status!: InventoryStatus;

  @Column('text')
  visibility!: string;

  @Column('text', { name: 'venue_name' })
  venueName!: string;

  @Column('text', { name: 'venue_city' })
  venueCity!: string;

  @Column('text', { name: 'venue_address', nullable: true })
  venueAddress!: string | null;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  /** What the event sells; empty for events heard of before types existed (one free type, in effect). */
  @Column('jsonb', { name: 'ticket_types' })
  ticketTypes!: TicketType[];

  /** Attendees may cancel a paid booking for a full refund until this many hours before the start; null: no. */
  @Column('integer', { name: 'refund_window_hours', nullable: true })
  refundWindowHours!: number | null;

  /** How the sale opens (at a time, through a queue); null: open from publication. */
  @Column('jsonb', { name: 'on_sale', nullable: true })
  onSale!: OnSale | null;

  /** IANA name the event's times are shown in. */
  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  /** General admission places; null for a seated event. */
  @Column('integer', { nullable: true })
  capacity!: number | null;

  /** Seats of the plan (seated events). */
  @Column('integer', { name: 'seat_count' })
  seatCount!: number;

  /** General admission places sold. */
  @Column('integer')
  sold!: number;

  /** General admission places held for waiting-list offers (not sellable to anyone else). */
  @Column('integer')
  held!: number;

  /** Waiting-list entries not yet offered anything. */
  @Column('integer')
  waiting!: number;

  @Column('boolean', { name: 'waitlist_enabled' })
  waitlistEnabled!: boolean;

  @Column('integer', { name: 'waitlist_offer_minutes' })
  waitlistOfferMinutes!: number;
}
