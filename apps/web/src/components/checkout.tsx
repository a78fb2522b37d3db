import { formatWhen } from '@evently/time';
import { useEffect, useState } from 'react';
import { bookings, describe } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { formatMoney } from '@evently/money';
import { Alert, Button, TextField } from '../ui';
import { PayOrder } from './pay-order';

type Event = eventSchemas['schemas']['EventDto'];
type Booking = bookingSchemas['schemas']['BookingDto'];

/** Whether the event is sold by ticket type (priced, capped or several types) rather than as plain places. */
export const soldByType = (event: Event): boolean =>
  event.ticketTypes.length > 1 || event.ticketTypes.some((t) => t.price.amount > 0 || t.quota !== null);

/** Minutes and seconds until `until` ("4:05"), never below zero. */
export const timeLeft = (until: string, now = Date.now()): string => {
  const seconds = Math.max(0, Math.floor((Date.parse(until) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/**
 * Checkout of an event sold by ticket type: how many of each type on sale, the total, and the order. A free
 * order is booked at once; a priced one (less any promo code) holds its places until the deadline shown
 * (with a countdown) while the buyer pays: by bank transfer (the organizer marks it paid) or by card.
 */
export function Checkout({
  event,
  onOrdered,
  queuePass,
}: {
  event: Event;
  onOrdered(): void;
  /** The on-sale queue's pass, while the event sells through a queue. */
  queuePass?: string;
}) {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [promoCode, setPromoCode] = useState('');
  const [order, setOrder] = useState<Booking | null>(null);
  const [error, setError] = useState<string | null>(null);

  const now = Date.now();
  const onSale = event.ticketTypes.filter(
    (t) =>
      (!t.salesStart || Date.parse(t.salesStart) <= now) && (!t.salesEnd || Date.parse(t.salesEnd) > now),
  );
  const currency = event.ticketTypes[0].price.currency;
  const total = onSale.reduce((sum, t) => sum + (counts[t.id] ?? 0) * t.price.amount, 0);
  const items = onSale
    .filter((t) => (counts[t.id] ?? 0) > 0)
    .map((t) => ({ ticketTypeId: t.id, quantity: counts[t.id] }));

  const submit = async () => {
    const { data, error: failure } = await bookings.POST('/api/v1/bookings', {
      body: {
        eventId: event.id,
        items,
        ...(promoCode.trim() && { promoCode: promoCode.trim() }),
        ...(queuePass && { queuePass }),
      },
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
    });
    if (!data) return setError(describe(failure));
    setError(null);
    setOrder(data);
    setCounts({});
    onOrdered();
  };

  return (
    <div className="stack checkout" data-testid="checkout">
      {onSale.map((type) => (
        <TextField
          key={type.id}
          label={`${type.name} (${formatMoney(type.price)})`}
          type="number"
          min={0}
          max={type.maxPerOrder ?? 10}
          value={counts[type.id] ?? 0}
          onChange={(e) => setCounts({ ...counts, [type.id]: Math.max(0, Number(e.target.value) || 0) })}
        />
      ))}
      {onSale.length === 0 && <p className="muted">No ticket type is on sale now.</p>}
      <TextField
        label="Promo code (optional)"
        value={promoCode}
        autoComplete="off"
        onChange={(e) => setPromoCode(e.target.value)}
      />
      <p data-testid="order-total">
        Total:{' '}
        <strong>
          {total === 0 ? formatMoney({ amount: 0, currency }) : formatMoney({ amount: total, currency })}
        </strong>
      </p>
      <Button variant="primary" disabled={items.length === 0} onClick={() => void submit()}>
        {total > 0 ? 'Reserve and pay' : 'Book'}
      </Button>
      {error && <Alert>{error}</Alert>}
      {order && <OrderPlaced order={order} timeZone={event.timeZone} />}
    </div>
  );
}

/**
 * What an order became: booked (free), or held for payment until its deadline (with a countdown) with the
 * ways to pay it; unpaid, the places go back at the deadline.
 */
export function OrderPlaced({ order, timeZone }: { order: Booking; timeZone?: string }) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (order.status !== 'pending_payment') return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [order]);
  const what = order.seats.length > 0 ? `Seats ${order.seats.join(', ')}` : `${order.quantity} ticket(s)`;
  if (order.status === 'confirmed') return <p role="status">Booked: {what}</p>;
  if (order.status !== 'pending_payment' || !order.total || !order.expiresAt) return null;
  return (
    <div role="status" className="stack" data-testid="payment-due">
      <p>
        <strong>{what} held for you</strong> until {formatWhen(order.expiresAt, timeZone)} (
        <span data-testid="hold-countdown">{timeLeft(order.expiresAt)}</span> left).
      </p>
      <p>
        Pay {formatMoney(order.total)}
        {order.discount && order.discount.amount > 0 && ` (${formatMoney(order.discount)} off)`} by bank
        transfer or card; unpaid, the places go back at the deadline.
      </p>
      <PayOrder order={order} timeZone={timeZone} />
    </div>
  );
}
