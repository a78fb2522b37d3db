import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { bookings, describe, events, ifMatch } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components } from '../api/event-service';
import { isOrganizer, useAuth } from '../auth';
import { EventForm } from '../components/event-form';
import { RevenueOverview } from '../components/revenue';
import { formatWhen } from '@evently/time';
import { Alert, Badge, Button, Card, EmptyState, eventStatusTone, Skeleton } from '../ui';

type Event = components['schemas']['EventDto'];
type Revenue = bookingSchemas['schemas']['RevenueDto'];

/** What a page for organizers shows anyone else: a sign-in link, or that the account is not an organizer's. */
export function OrganizerGate({ what }: { what: string }) {
  const { me, ready } = useAuth();
  if (!ready) return <Skeleton />;
  if (!me)
    return (
      <section>
        <h1>For organizers</h1>
        <p>
          <Link to="/login">Sign in</Link> to {what}.
        </p>
      </section>
    );
  if (!isOrganizer(me.role))
    return (
      <section>
        <h1>For organizers</h1>
        <Alert>Only organizer accounts manage events.</Alert>
      </section>
    );
  return null;
}

/** The organizer's own events, drafts included; creates new ones and publishes drafts. */
export function OrganizerPage() {
  const { me } = useAuth();
  const navigate = useNavigate();
  const [items, setItems] = useState<Event[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [revenue, setRevenue] = useState<Revenue[]>([]);

  const load = useCallback(async (after?: string) => {
    const { data, error } = await events.GET('/api/v1/events', {
      params: { query: { mine: true, limit: 20, ...(after ? { cursor: after } : {}) } },
    });
    if (!data) return setMessage({ ok: false, text: describe(error) });
    setItems((current) => (after ? [...current, ...data.items] : data.items));
    setCursor(data.nextCursor);
  }, []);

  useEffect(() => {
    if (!isOrganizer(me?.role)) return;
    void load();
    void bookings.GET('/api/v1/analytics/overview').then(({ data }) => setRevenue(data?.revenue ?? []));
  }, [me, load]);

  if (!isOrganizer(me?.role)) return <OrganizerGate what="manage your events" />;

  const publish = async (event: Event) => {
    const { error } = await events.POST('/api/v1/events/{id}/publish', {
      params: { path: { id: event.id }, header: ifMatch(event) },
    });
    setMessage(error ? { ok: false, text: describe(error) } : { ok: true, text: `Published ${event.title}` });
    await load();
  };

  return (
    <section>
      <h1>My events</h1>
      {message && <p role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <RevenueOverview revenue={revenue} admin={me?.role === 'admin'} />
      {!creating && (
        <Button variant="primary" onClick={() => setCreating(true)}>
          New event
        </Button>
      )}
      {creating && (
        <>
          <h2>New event</h2>
          <EventForm
            submitLabel="Create draft"
            onSubmit={async (body) => {
              const result = await events.POST('/api/v1/events', { body });
              if (result.data) void navigate(`/organizer/events/${result.data.id}`);
              return result;
            }}
          />
        </>
      )}
      <ul className="events organizer">
        {items.map((e) => (
          <li key={e.id} data-event={e.id} data-status={e.status}>
            <Card className="row spread">
              <span className="stack">
                <Link className="card-title" to={`/organizer/events/${e.id}`}>
                  {e.title}
                </Link>
                <span className="card-meta">
                  {formatWhen(e.startsAt, e.timeZone)} · {e.venue.name}, {e.venue.city}
                </span>
              </span>
              <span className="row">
                <Badge tone={eventStatusTone(e.status)}>{e.status}</Badge>
                {e.status === 'draft' && (
                  <Button size="small" onClick={() => void publish(e)}>
                    Publish
                  </Button>
                )}
              </span>
            </Card>
          </li>
        ))}
      </ul>
      {items.length === 0 && !creating && <EmptyState title="No events yet. Create your first one." />}
      {cursor && <Button onClick={() => void load(cursor)}>More</Button>}
    </section>
  );
}
