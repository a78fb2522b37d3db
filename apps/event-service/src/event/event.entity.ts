import type { OnSale, Question } from '@evently/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { EventVisibility, StoredEventStatus } from './event-status';
import type { SeatingPlan } from './seating-plan';
import type { TicketType } from './ticket-types';

@Entity('events')
export class EventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'organizer_id' })
  organizerId!: string;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { name: 'venue_name' })
  venueName!: string;

  @Column('text', { name: 'venue_city' })
  venueCity!: string;

  @Column('text', { name: 'venue_address', nullable: true })
  venueAddress!: string | null;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  /** IANA name; the instants above are shown on this zone's clocks. */
  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  /** What the event sells (at least one type; ids stable across changes). */
  @Column('jsonb', { name: 'ticket_types' })
  ticketTypes!: TicketType[];

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  /** General admission places; null for a seated event. */
  @Column('integer', { nullable: true })
  capacity!: number | null;

  /** Seated events only; null for general admission. */
  @Column('jsonb', { nullable: true })
  seating!: SeatingPlan | null;

  @Column('text')
  status!: StoredEventStatus;

  @Column('text')
  visibility!: EventVisibility;

  /** Whether a sold-out event takes waiting-list entries. */
  @Column('boolean', { name: 'waitlist_enabled' })
  waitlistEnabled!: boolean;

  /** How long freed places are held for the waiting entry they are offered to. */
  @Column('integer', { name: 'waitlist_offer_minutes' })
  waitlistOfferMinutes!: number;

  /** Minutes before the start at which attendees are reminded (largest first). */
  @Column('integer', { array: true })
  reminders!: number[];

  /** Attendees may cancel a paid booking for a full refund until this many hours before the start; null: no. */
  @Column('integer', { name: 'refund_window_hours', nullable: true })
  refundWindowHours!: number | null;

  /** What each attendee is asked, answered per ticket. */
  @Column('jsonb')
  questions!: Question[];

  /** How the sale opens (at a time, through a queue); null: open from publication. */
  @Column('jsonb', { name: 'on_sale', nullable: true })
  onSale!: OnSale | null;

  @Column('uuid', { name: 'completion_job_id', nullable: true })
  completionJobId!: string | null;

  @Column('text', { name: 'cancel_reason', nullable: true })
  cancelReason!: string | null;

  /** Bumped by every change; the ETag of the event. */
  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
