import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum WaitlistStatus {
  Waiting = 'waiting',
  Offered = 'offered',
  Accepted = 'accepted',
  Declined = 'declined',
  Expired = 'expired',
  Left = 'left',
  Cancelled = 'cancelled',
}

/** A place in an event's waiting list: joined in `seq` order, offered freed places, then closed. */
@Entity('waitlist_entries')
export class WaitlistEntryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('integer')
  quantity!: number;

  /** Joining order within the event. */
  @Column('bigint', { transformer: { from: (v: string) => Number(v), to: (v: number) => v } })
  seq!: number;

  @Column('text')
  status!: WaitlistStatus;

  /** The seats held for the offer (seated events). */
  /** The ticket type waited for (general admission events sold by type); null otherwise. */
  @Column('uuid', { name: 'ticket_type_id', nullable: true })
  ticketTypeId!: string | null;

  @Column('text', { name: 'offered_seats', array: true })
  offeredSeats!: string[];

  @Column('timestamptz', { name: 'offered_at', nullable: true })
  offeredAt!: Date | null;

  @Column('timestamptz', { name: 'offer_expires_at', nullable: true })
  offerExpiresAt!: Date | null;

  @Column('uuid', { name: 'booking_id', nullable: true })
  bookingId!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}

/** An entry with its place in the queue (null unless waiting). */
export interface PositionedEntry {
  entry: WaitlistEntryEntity;
  position: number | null;
}
