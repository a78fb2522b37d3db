import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { bookings, describe } from '../api/client';
import type { components } from '../api/booking-service';
import { useAuth } from '../auth';
import { OrderPlaced } from '../components/checkout';
import { SignedOut } from '../components/signed-out';
import { Alert, Badge, Button, Card, EmptyState, Skeleton } from '../ui';

type Entry = components['schemas']['WaitlistEntryDto'];
type Booking = components['schemas']['BookingDto'];

const left = (until: string) => {
  const seconds = Math.max(0, Math.floor((Date.parse(until) - Date.now()) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/**
 * The caller's waiting-list entries; an offer can be accepted (or declined) before its countdown ends. On an
 * event sold by ticket type the accepted offer is an order: what is due, and how to pay it, shows here.
 */
export function WaitlistPage() {
  const { me } = useAuth();
  const [items, setItems] = useState<Entry[] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [order, setOrder] = useState<Booking | null>(null);
  const [, tick] = useState(0);
  const load = async () => {
    const { data } = await bookings.GET('/api/v1/waitlist', { params: { query: { limit: 50 } } });
    if (data) setItems(data.items);
  };
  useEffect(() => {
    if (!me) return;
    void load();
    const timer = setInterval(() => {
      tick((n) => n + 1);
      void load();
    }, 1000);
    return () => clearInterval(timer);
  }, [me]);
  if (!me) return <SignedOut title="My waiting lists" what="see your waiting lists" />;
  const act = async (id: string, action: 'accept' | 'decline') => {
    setOrder(null);
    if (action === 'accept') {
      const { data, error } = await bookings.POST('/api/v1/waitlist/{id}/accept', {
        params: { path: { id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
        body: {},
      });
      // An event sold by ticket type makes the offer an order: held for payment unless it is free.
      if (data?.status === 'pending_payment') setOrder(data);
      setMessage(error || !data ? { ok: false, text: describe(error) } : { ok: true, text: 'Booked!' });
    } else {
      const { error } = await bookings.POST('/api/v1/waitlist/{id}/decline', { params: { path: { id } } });
      setMessage(error ? { ok: false, text: describe(error) } : { ok: true, text: 'Declined.' });
    }
    await load();
  };
  return (
    <section>
      <h1>My waiting lists</h1>
      {order ? (
        <Card>
          <OrderPlaced order={order} />
        </Card>
      ) : (
        message && (message.ok ? <p role="status">{message.text}</p> : <Alert>{message.text}</Alert>)
      )}
      {items === null && <Skeleton kind="card" count={2} />}
      <ul className="bookings">
        {items?.map((entry) => (
          <li key={entry.id} data-entry={entry.id} data-status={entry.status}>
            <Card className="row spread">
              <span className="row">
                <Link to={`/events/${entry.eventId}`}>Event</Link>
                <span>{entry.quantity} place(s)</span>
                <Badge
                  tone={
                    entry.status === 'offered' ? 'success' : entry.status === 'waiting' ? 'info' : 'neutral'
                  }
                >
                  {entry.status}
                </Badge>
                {entry.position !== null && <span>position {entry.position}</span>}
              </span>
              {entry.status === 'offered' && entry.offerExpiresAt && (
                <span className="row">
                  <span className="countdown" data-testid="countdown">
                    {left(entry.offerExpiresAt)} left
                  </span>
                  <Button variant="primary" size="small" onClick={() => void act(entry.id, 'accept')}>
                    Accept
                  </Button>
                  <Button size="small" onClick={() => void act(entry.id, 'decline')}>
                    Decline
                  </Button>
                </span>
              )}
            </Card>
          </li>
        ))}
      </ul>
      {items?.length === 0 && (
        <EmptyState title="You are on no waiting list">
          When an event is sold out, join its waiting list from the event page.
        </EmptyState>
      )}
    </section>
  );
}
