import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { bookings, describe } from '../api/client';
import type { components } from '../api/booking-service';
import { useAuth } from '../auth';

type Booking = components['schemas']['BookingDto'];

/** The caller's bookings, newest first, each cancellable while confirmed. */
export function BookingsPage() {
  const { me, ready } = useAuth();
  const [items, setItems] = useState<Booking[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    const { data, error: failure } = await bookings.GET('/api/v1/bookings', {
      params: { query: { limit: 50 } },
    });
    if (data) setItems(data.items);
    else setError(describe(failure));
  };
  useEffect(() => {
    if (me) void load();
  }, [me]);
  if (!ready) return <p>Loading…</p>;
  if (!me)
    return (
      <p>
        <Link to="/login">Sign in</Link> to see your bookings.
      </p>
    );
  const cancel = async (id: string) => {
    const { error: failure } = await bookings.POST('/api/v1/bookings/{id}/cancel', {
      params: { path: { id } },
    });
    if (failure) setError(describe(failure));
    await load();
  };
  return (
    <section>
      <h1>My bookings</h1>
      {error && <p role="alert">{error}</p>}
      <ul className="bookings">
        {items.map((b) => (
          <li key={b.id} data-booking={b.id} data-status={b.status}>
            <Link to={`/events/${b.eventId}`}>Event</Link> ·{' '}
            {b.seats.length > 0 ? b.seats.join(', ') : `${b.quantity} ticket(s)`} · <span>{b.status}</span>
            {b.status === 'confirmed' && (
              <button type="button" onClick={() => void cancel(b.id)}>
                Cancel
              </button>
            )}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>No bookings yet.</p>}
    </section>
  );
}
