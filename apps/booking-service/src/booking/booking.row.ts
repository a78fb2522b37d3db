import type { CancelReason } from '@evently/contracts';
import { BookingEntity, BookingStatus, OrderItem } from './booking.entity';

/** A row of `bookings` as the repositories read it. */
export interface BookingRow {
  id: string;
  event_id: string;
  user_id: string;
  quantity: number;
  seats: string[];
  status: BookingStatus;
  cancel_reason: CancelReason | null;
  created_at: Date;
  cancelled_at: Date | null;
  items: OrderItem[];
  total_amount: number;
  currency: string | null;
  expires_at: Date | null;
  discount_amount: number;
  promo_code_id: string | null;
}

export const toEntity = (r: BookingRow): BookingEntity =>
  Object.assign(new BookingEntity(), {
    id: r.id,
    eventId: r.event_id,
    userId: r.user_id,
    quantity: r.quantity,
    seats: r.seats,
    status: r.status,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at,
    items: r.items,
    totalAmount: r.total_amount,
    currency: r.currency,
    expiresAt: r.expires_at,
    discountAmount: r.discount_amount,
    promoCodeId: r.promo_code_id,
  });
