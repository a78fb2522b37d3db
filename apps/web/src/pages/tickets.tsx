import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { bookings, describe, events } from '../api/client';
import type { components } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { useAuth } from '../auth';
import { SignedOut } from '../components/signed-out';
import { TicketQr } from '../components/ticket-qr';
import { AttendeeForm } from '../components/attendee-form';
import { Alert, Badge, Button, Card, Dialog, EmptyState, Skeleton } from '../ui';

type Ticket = components['schemas']['TicketDto'];
type Question = eventSchemas['schemas']['QuestionViewDto'];

/**
 * The caller's tickets: one per place, each with its QR to show at the door (full screen on a tap), and the
 * attendee's name, which the holder sets until the event starts.
 */
export function TicketsPage() {
  const { me, ready } = useAuth();
  const [items, setItems] = useState<Ticket[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Ticket | null>(null);
  const [questions, setQuestions] = useState<Record<string, Question[]>>({});
  const load = async () => {
    const { data, error: failure } = await bookings.GET('/api/v1/tickets', {
      params: { query: { limit: 200 } },
    });
    if (!data) return setError(describe(failure));
    setItems(data.items);
    // Each event's questions, asked of every attendee (read once per event).
    const eventIds = [...new Set(data.items.map((t) => t.eventId))];
    const read = await Promise.all(
      eventIds.map((id) => events.GET('/api/v1/events/{id}', { params: { path: { id } } })),
    );
    setQuestions(Object.fromEntries(read.map((r, i) => [eventIds[i], r.data?.questions ?? []])));
  };
  useEffect(() => {
    if (me) void load();
  }, [me]);
  if (!ready) return <Skeleton />;
  if (!me) return <SignedOut title="My tickets" what="see your tickets" />;

  const label = (t: Ticket) => `Ticket ${t.seat ? `seat ${t.seat}` : ''} ${t.attendeeName ?? ''}`.trim();

  return (
    <section>
      <h1>My tickets</h1>
      {error && <Alert>{error}</Alert>}
      {items === null && !error && <Skeleton kind="card" count={2} />}
      {items && items.length === 0 && (
        <EmptyState title="No tickets yet">
          Tickets appear here once a booking is confirmed. <Link to="/">Find an event</Link>
        </EmptyState>
      )}
      <ul className="bookings">
        {items?.map((t) => (
          <li key={t.id} data-ticket={t.id} data-status={t.status}>
            <Card className="row spread">
              <button
                type="button"
                className="qr-button"
                onClick={() => setShown(t)}
                disabled={t.status !== 'valid'}
              >
                <TicketQr code={t.code} size={120} label={`${label(t)}: show full screen`} />
              </button>
              <div className="stack">
                <p className="row">
                  <Link to={`/events/${t.eventId}`}>Event</Link>
                  {t.seat && <span>Seat {t.seat}</span>}
                  <Badge tone={t.status === 'valid' ? (t.checkedInAt ? 'info' : 'success') : 'neutral'}>
                    {t.status === 'valid' ? (t.checkedInAt ? 'checked in' : 'valid') : t.status}
                  </Badge>
                </p>
                {t.status === 'valid' && (
                  <AttendeeForm ticket={t} questions={questions[t.eventId] ?? []} onSaved={load} />
                )}
              </div>
            </Card>
          </li>
        ))}
      </ul>
      <Dialog
        open={shown !== null}
        title={shown?.attendeeName ?? 'Your ticket'}
        onClose={() => setShown(null)}
      >
        {shown && (
          <div className="stack qr-full" data-testid="ticket-full-screen">
            <TicketQr code={shown.code} size={320} label={label(shown)} />
            {shown.seat && <p>Seat {shown.seat}</p>}
            <Button onClick={() => setShown(null)}>Close</Button>
          </div>
        )}
      </Dialog>
    </section>
  );
}
