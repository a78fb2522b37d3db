import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { bookings, describe } from '../api/client';
import type { components } from '../api/booking-service';
import { useAuth } from '../auth';
import { SignedOut } from '../components/signed-out';
import { formatWhen } from '@evently/time';
import { formatMoney } from '@evently/money';
import { Alert, Badge, Button, Card, EmptyState, Skeleton, useToast } from '../ui';
import { PayOrder } from '../components/pay-order';

type Booking = components['schemas']['BookingDto'];

/** Upcoming events first (soonest first), then the rest (most recent first). */
export function inShowingOrder(items: Booking[], now = Date.now()): Booking[] {
  const startOf = (b: Booking) => (b.event ? Date.parse(b.event.startsAt) : 0);
  const upcoming = items.filter((b) => startOf(b) > now).sort((a, b) => startOf(a) - startOf(b));
  const past = items.filter((b) => startOf(b) <= now).sort((a, b) => startOf(b) - startOf(a));
  return [...upcoming, ...past];
}

/** The caller's bookings: what, when, where, how many and in what state; confirmed ones cancellable. */
export function BookingsPage() {
  const { me, ready } = useAuth();
  const toast = useToast();
  const [items, setItems] = useState<Booking[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    const { data, error: failure } = await bookings.GET('/api/v1/bookings', {
      params: { query: { limit: 50 } },
    });
    if (data) setItems(inShowingOrder(data.items));
    else setError(describe(failure));
  };
  useEffect(() => {
    if (me) void load();
  }, [me]);
  if (!ready) return <Skeleton />;
  if (!me) return <SignedOut title="My bookings" what="see your bookings" />;
  const cancel = async (id: string) => {
    const { error: failure } = await bookings.POST('/api/v1/bookings/{id}/cancel', {
      params: { path: { id } },
    });
    if (failure) setError(describe(failure));
    else toast('Booking cancelled');
    await load();
  };
  return (
    <section>
      <h1>My bookings</h1>
      {error && <Alert>{error}</Alert>}
      {items === null && !error && <Skeleton kind="card" count={2} />}
      {items && items.length === 0 && (
        <EmptyState title="No bookings yet">
          <Link to="/">Find an event</Link>
        </EmptyState>
      )}
      <ul className="bookings">
        {items?.map((b) => (
          <li key={b.id} data-booking={b.id} data-status={b.status}>
            <Card className="booking-card">
              <div className="stack">
                <Link className="card-title" to={`/events/${b.eventId}`}>
                  {b.event?.title ?? 'Event'}
                </Link>
                {b.event && (
                  <p className="card-meta">
                    {formatWhen(b.event.startsAt, b.event.timeZone)} · {b.event.venue.name},{' '}
                    {b.event.venue.city}
                  </p>
                )}
                <p className="card-meta">
                  {[
                    b.seats.length > 0 && `Seats ${b.seats.join(', ')}`,
                    b.items.length > 0 && b.items.map((i) => `${i.quantity} ${i.name}`).join(', '),
                    b.seats.length === 0 &&
                      b.items.length === 0 &&
                      `${b.quantity} ticket${b.quantity === 1 ? '' : 's'}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                  {b.total && b.total.amount > 0 && ` · ${formatMoney(b.total)}`}
                </p>
                {b.status === 'pending_payment' && b.expiresAt && b.total && (
                  <>
                    <p className="card-meta" data-testid="payment-due">
                      Payment due: {formatMoney(b.total)} before {formatWhen(b.expiresAt, b.event?.timeZone)}
                    </p>
                    <PayOrder order={b} timeZone={b.event?.timeZone} />
                  </>
                )}
              </div>
              <div className="stack">
                <Badge
                  tone={
                    b.status === 'confirmed'
                      ? 'success'
                      : b.status === 'pending_payment'
                        ? 'warning'
                        : 'danger'
                  }
                >
                  {b.status.replace('_', ' ')}
                </Badge>
                {(b.status === 'confirmed' || b.status === 'pending_payment') && (
                  <Button size="small" variant="danger" onClick={() => void cancel(b.id)}>
                    Cancel
                  </Button>
                )}
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
