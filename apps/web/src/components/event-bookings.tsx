import { formatWhen } from '@evently/time';
import { bookings, describe } from '../api/client';
import type { components } from '../api/booking-service';
import { formatMoney } from '@evently/money';
import { Badge, Button, EmptyState, useToast } from '../ui';

type Booking = components['schemas']['BookingDto'];

const toneOf = (status: string) =>
  status === 'confirmed' ? 'success' : status === 'pending_payment' ? 'warning' : 'danger';

/**
 * An event's bookings for its organizer: when, what, what it cost, and its status; an order awaiting an
 * offline payment can be marked paid here, and a paid one refunded (all that is left of it).
 */
export function EventBookings({
  items,
  timeZone,
  onChange,
}: {
  items: Booking[];
  timeZone: string;
  onChange(): void;
}) {
  const toast = useToast();
  const markPaid = async (id: string) => {
    const { error } = await bookings.POST('/api/v1/bookings/{id}/mark-paid', { params: { path: { id } } });
    toast(error ? describe(error) : 'Marked paid: the booking is confirmed.');
    onChange();
  };
  const refund = async (id: string) => {
    const { data, error } = await bookings.POST('/api/v1/bookings/{id}/refunds', {
      params: { path: { id } },
      body: {},
    });
    toast(data ? `Refunded ${formatMoney(data)} (${data.provider})` : describe(error));
  };
  if (items.length === 0) return <EmptyState title="No bookings yet" />;
  return (
    <ul className="bookings">
      {items.map((b) => (
        <li key={b.id} data-booking={b.id} data-status={b.status}>
          {formatWhen(b.createdAt, timeZone)} ·{' '}
          {b.items.length > 0
            ? b.items.map((i) => `${i.quantity} ${i.name}`).join(', ')
            : b.seats.length > 0
              ? b.seats.join(', ')
              : `${b.quantity} ticket(s)`}
          {b.total && b.total.amount > 0 ? ` · ${formatMoney(b.total)}` : ''}{' '}
          <Badge tone={toneOf(b.status)}>{b.status.replace('_', ' ')}</Badge>
          {b.status === 'confirmed' && b.total && b.total.amount > 0 && (
            <>
              {' '}
              <Button size="small" onClick={() => void refund(b.id)}>
                Refund
              </Button>
            </>
          )}
          {b.status === 'pending_payment' && (
            <>
              {' '}
              <Button size="small" variant="primary" onClick={() => void markPaid(b.id)}>
                Mark paid
              </Button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

type Entry = components['schemas']['WaitlistEntryDto'];

/** The event's waiting list for its organizer: who waits for how many places, and offers running. */
export function WaitingList({ entries, timeZone }: { entries: Entry[]; timeZone: string }) {
  const open = entries.filter((w) => w.status === 'waiting' || w.status === 'offered').length;
  return (
    <>
      <h2>Waiting list ({open})</h2>
      <ol className="waitlist">
        {entries.map((w) => (
          <li key={w.id} data-status={w.status}>
            {w.quantity} place(s) · {w.status}
            {w.offerExpiresAt && w.status === 'offered' && ` until ${formatWhen(w.offerExpiresAt, timeZone)}`}
          </li>
        ))}
      </ol>
    </>
  );
}
