import { formatMoney } from '@evently/money';
import { useState } from 'react';
import { bookings, describe } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { Alert, Button, TextField } from '../ui';
import { OrderPlaced } from './checkout';

type Event = eventSchemas['schemas']['EventDto'];
type Booking = bookingSchemas['schemas']['BookingDto'];
type Seat = bookingSchemas['schemas']['SeatStateDto'];

/**
 * Checkout of seats picked on the map, for an event sold by ticket type: each seat at its section's price,
 * the total, an optional promo code, and the order (booked at once when free, else held for payment).
 */
export function SeatedCheckout({
  event,
  seats,
  picked,
  onOrdered,
  queuePass,
}: {
  event: Event;
  seats: Seat[];
  picked: string[];
  onOrdered(): void;
  /** The on-sale queue's pass, while the event sells through a queue. */
  queuePass?: string;
}) {
  const [promoCode, setPromoCode] = useState('');
  const [order, setOrder] = useState<Booking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const typeOf = (label: string) => {
    const seat = seats.find((s) => s.label === label);
    return event.ticketTypes.find((t) => t.id === seat?.ticketTypeId) ?? event.ticketTypes[0];
  };
  const lines = [...picked].sort().map((label) => ({ label, type: typeOf(label) }));
  const currency = event.ticketTypes[0].price.currency;
  const total = lines.reduce((sum, line) => sum + line.type.price.amount, 0);

  const submit = async () => {
    const { data, error: failure } = await bookings.POST('/api/v1/bookings', {
      body: {
        eventId: event.id,
        seats: picked,
        ...(promoCode.trim() && { promoCode: promoCode.trim() }),
        ...(queuePass && { queuePass }),
      },
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
    });
    if (!data) return setError(describe(failure));
    setError(null);
    setOrder(data);
    setPromoCode('');
    onOrdered();
  };

  return (
    <div className="stack checkout" data-testid="seated-checkout">
      {lines.length === 0 ? (
        <p className="muted">Pick seats on the map</p>
      ) : (
        <ul aria-label="Seats picked" className="ticket-types">
          {lines.map((line) => (
            <li key={line.label} className="row spread">
              <span>
                {line.label} · {line.type.name}
              </span>
              <span>{formatMoney(line.type.price)}</span>
            </li>
          ))}
        </ul>
      )}
      <TextField
        label="Promo code (optional)"
        value={promoCode}
        autoComplete="off"
        onChange={(e) => setPromoCode(e.target.value)}
      />
      {lines.length > 0 && (
        <p data-testid="order-total">
          Total: <strong>{formatMoney({ amount: total, currency })}</strong>
          {promoCode.trim() && <span className="muted"> before the code</span>}
        </p>
      )}
      <Button variant="primary" disabled={lines.length === 0} onClick={() => void submit()}>
        {total > 0 ? 'Reserve and pay' : 'Book'}
      </Button>
      {error && <Alert>{error}</Alert>}
      {order && <OrderPlaced order={order} timeZone={event.timeZone} />}
    </div>
  );
}
