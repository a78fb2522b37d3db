import { CancelReason } from '@evently/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum BookingStatus {
  Confirmed = 'confirmed',
  Cancelled = 'cancelled',
  /** Priced: its places are held (counted as taken) until it is paid or `expiresAt` passes. */
  PendingPayment = 'pending_payment',
  /** Not paid in time: its places were given back. */
  Expired = 'expired',
}

/** A line of an order: places of one ticket type at the unit price they were sold at. */
export interface OrderItem {
  ticketTypeId: string;
  name: string;
  quantity: number;
  /** Minor units. */
  unitPrice: number;
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

  /** The ticket types ordered (empty for a booking of places or seats without types). */
  @Column('jsonb')
  items!: OrderItem[];

  /** Minor units of `currency`; 0 when free. */
  @Column('integer', { name: 'total_amount' })
  totalAmount!: number;

  @Column('text', { nullable: true })
  currency!: string | null;

  /** Minor units taken off the order's lines by its promo code (already out of `totalAmount`). */
  @Column('integer', { name: 'discount_amount' })
  discountAmount!: number;

  /** The promo code the order used, if any. */
  @Column('uuid', { name: 'promo_code_id', nullable: true })
  promoCodeId!: string | null;

  /** When a hold awaiting payment lapses (pending_payment only). */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;
}
