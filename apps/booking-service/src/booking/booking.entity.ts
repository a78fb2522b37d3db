import { CancelReason } from '@evently/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum BookingStatus {
  Confirmed = 'confirmed',
  Cancelled = 'cancelled',
}

@Entity('bookings')
export class BookingEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('integer')
  quantity!: number;

  /** Seat labels of a seated booking; empty for general admission. */
  @Column('text', { array: true })
  seats!: string[];

  @Column('text')
  status!: BookingStatus;

  @Column('text', { name: 'cancel_reason', nullable: true })
  cancelReason!: CancelReason | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;
}
