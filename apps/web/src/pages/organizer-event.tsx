import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { bookings, describe, events, ifMatch } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { isOrganizer, useAuth } from '../auth';
import { SalesByDayChart, StackedBar } from '../components/charts';
import { EventForm } from '../components/event-form';
import { EventBookings, WaitingList } from '../components/event-bookings';
import { ActivityTab } from '../components/activity-tab';
import { DoorTab } from '../components/door-tab';
import { PromoCodes } from '../components/promo-codes';
import { RevenueSummary } from '../components/revenue';
import { InviteForm } from '../components/invite-form';
import { formatWhen } from '@evently/time';
import { Badge, Button, EmptyState, eventStatusTone, Skeleton, Tabs } from '../ui';
import { OrganizerGate } from './organizer';
import { fieldText } from '../form';

type Event = eventSchemas['schemas']['EventDto'];
type Analytics = bookingSchemas['schemas']['EventAnalyticsDto'];
type Booking = bookingSchemas['schemas']['BookingDto'];
type Entry = bookingSchemas['schemas']['WaitlistEntryDto'];
type Invitation = bookingSchemas['schemas']['InvitationDto'];
type Summary = bookingSchemas['schemas']['RsvpSummaryDto'];

const LIVE_MS = 5000;

/** One of the organizer's events: lifecycle, analytics as charts, bookings, waiting list and guests. */
export function OrganizerEventPage() {
  const { id } = useParams<{ id: string }>();
  const { me } = useAuth();
  const [event, setEvent] = useState<Event | null>(null);
  const [analytics, setAnalytics] = useState<Analytics | null>(null);
  const [bookingList, setBookings] = useState<Booking[]>([]);
  const [waitlist, setWaitlist] = useState<Entry[]>([]);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const loadEvent = useCallback(async () => {
    const { data, error } = await events.GET('/api/v1/events/{id}', {
      params: { path: { id: id! } },
    });
    if (data) setEvent(data);
    else setMessage({ ok: false, text: describe(error) });
  }, [id]);

  // Booking-service learns of the event from its facts a moment after event-service: these follow live.
  const loadSales = useCallback(async () => {
    const eventId = id!;
    const [a, b, w, i, s] = await Promise.all([
      bookings.GET('/api/v1/analytics/events/{eventId}', { params: { path: { eventId } } }),
      bookings.GET('/api/v1/bookings/event/{eventId}', {
        params: { path: { eventId }, query: { limit: 100 } },
      }),
      bookings.GET('/api/v1/waitlist/event/{eventId}', {
        params: { path: { eventId }, query: { limit: 100 } },
      }),
      bookings.GET('/api/v1/invitations/event/{eventId}', {
        params: { path: { eventId }, query: { limit: 100 } },
      }),
      bookings.GET('/api/v1/invitations/event/{eventId}/summary', { params: { path: { eventId } } }),
    ]);
    if (a.data) setAnalytics(a.data);
    if (b.data) setBookings(b.data.items);
    if (w.data) setWaitlist(w.data.items);
    if (i.data) setInvitations(i.data.items);
    if (s.data) setSummary(s.data);
  }, [id]);

  useEffect(() => {
    if (isOrganizer(me?.role)) void loadEvent();
  }, [me, loadEvent]);

  // A draft has no sales, bookings or guests yet (booking-service does not know it): nothing to follow.
  const onSale = event !== null && event.status !== 'draft';
  useEffect(() => {
    if (!onSale) return;
    void loadSales();
    const timer = setInterval(() => void loadSales(), LIVE_MS);
    return () => clearInterval(timer);
  }, [onSale, loadSales]);

  if (!isOrganizer(me?.role)) return <OrganizerGate what="manage this event" />;
  if (!event) return message ? <p role="alert">{message.text}</p> : <p>Loading…</p>;

  const publish = async () => {
    const { data, error } = await events.POST('/api/v1/events/{id}/publish', {
      params: { path: { id: event.id }, header: ifMatch(event) },
    });
    if (data) setEvent(data);
    setMessage(
      data ? { ok: true, text: 'Published: the event is on sale.' } : { ok: false, text: describe(error) },
    );
  };
  const cancel = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = fieldText(new FormData(e.currentTarget), 'reason').trim();
    const { data, error } = await events.POST('/api/v1/events/{id}/cancel', {
      params: { path: { id: event.id }, header: ifMatch(event) },
      body: reason ? { reason } : {},
    });
    if (data) setEvent(data);
    setMessage(
      data
        ? {
            ok: true,
            text: 'Cancelled: every booking and waiting-list place is cancelled, and everyone is told.',
          }
        : { ok: false, text: describe(error) },
    );
  };

  const live = event.status !== 'draft';
  const currency = event.ticketTypes[0]?.price.currency ?? 'EUR';
  const overview = live ? (
    analytics ? (
      <div className="charts">
        <StackedBar
          title="Utilization"
          chart="utilization"
          parts={[
            { name: 'booked', value: analytics.booked, colour: '#2f80ed' },
            { name: 'held', value: analytics.held, colour: '#f2c94c' },
            { name: 'available', value: analytics.available, colour: '#a5d6a7' },
          ]}
        />
        <p data-testid="utilization">
          {Math.round(analytics.utilization * 100)}% sold · {analytics.bookings} bookings ·{' '}
          {analytics.cancellations} cancelled
        </p>
        <RevenueSummary revenue={analytics.revenue} byType={analytics.revenueByType} currency={currency} />
        <SalesByDayChart days={analytics.salesByDay} />
        <StackedBar
          title="Waiting list"
          chart="waitlist"
          parts={[
            { name: 'waiting', value: analytics.waitlist.waiting, colour: '#9b51e0' },
            { name: 'offered', value: analytics.waitlist.offered, colour: '#f2994a' },
            { name: 'accepted', value: analytics.waitlist.accepted, colour: '#27ae60' },
            { name: 'expired', value: analytics.waitlist.expired, colour: '#bdbdbd' },
          ]}
        />
      </div>
    ) : (
      <Skeleton count={3} />
    )
  ) : (
    <EmptyState title="Not on sale yet">Sales figures appear once the event is published.</EmptyState>
  );
  const bookingsTab = live ? (
    <div className="stack">
      <h2>Bookings ({bookingList.length})</h2>
      <EventBookings items={bookingList} timeZone={event.timeZone} onChange={() => void loadSales()} />
      <WaitingList entries={waitlist} timeZone={event.timeZone} />
    </div>
  ) : (
    <EmptyState title="No bookings yet">Bookings open when the event is published.</EmptyState>
  );
  const guestsTab = (
    <div className="stack">
      {event.status === 'published' && (
        <InviteForm eventId={event.id} timeZone={event.timeZone} onInvited={() => void loadSales()} />
      )}
      {summary && summary.invited > 0 ? (
        <>
          <h2>Guests</h2>
          <StackedBar
            title="RSVP"
            chart="rsvp"
            parts={[
              { name: 'yes', value: summary.yes, colour: '#27ae60' },
              { name: 'maybe', value: summary.maybe, colour: '#f2c94c' },
              { name: 'no', value: summary.no, colour: '#eb5757' },
              { name: 'pending', value: summary.pending, colour: '#bdbdbd' },
            ]}
          />
          <p data-testid="rsvp-summary">
            {summary.invited} invited · {summary.attending} attending (with plus-ones) ·{' '}
            {summary.closed
              ? 'answers closed'
              : `answers until ${formatWhen(summary.rsvpBy!, event.timeZone)}`}
          </p>
          <ul className="guests">
            {invitations.map((i) => (
              <li key={i.id} data-invitation={i.email} data-status={i.status}>
                {i.name ? `${i.name} <${i.email}>` : i.email} · {i.status}
                {i.plusOnes > 0 && ` +${i.plusOnes}`}
                {i.comment && <q>{i.comment}</q>}
              </li>
            ))}
          </ul>
        </>
      ) : (
        event.status !== 'published' && (
          <EmptyState title="No guests">Invite guests once the event is published.</EmptyState>
        )
      )}
    </div>
  );
  const promoTab = <PromoCodes eventId={event.id} ticketTypes={event.ticketTypes} />;
  const settingsTab = (
    <div className="stack">
      {(event.status === 'draft' || event.status === 'published') && (
        <div className="actions">
          <Button
            onClick={() => {
              setMessage(null);
              setEditing((on) => !on);
            }}
          >
            {editing ? 'Close the editor' : 'Edit'}
          </Button>
        </div>
      )}
      {editing && (
        <EventForm
          key={event.version}
          event={event}
          submitLabel="Save changes"
          onSubmit={async (body) => {
            const result = await events.PATCH('/api/v1/events/{id}', {
              params: { path: { id: event.id }, header: ifMatch(event) },
              body,
            });
            if (result.data) {
              setEvent(result.data);
              setEditing(false);
              setMessage({ ok: true, text: 'Saved.' });
            }
            return result;
          }}
        />
      )}
      {event.status === 'published' && (
        <form className="card danger" onSubmit={(e) => void cancel(e)}>
          <h2>Cancel the event</h2>
          <p className="muted">
            Bookings and waiting-list places are cancelled, everyone is told (email, app, calendar), and paid
            bookings are refunded in full (offline payments: recorded as owed back).
          </p>
          <label>
            Reason (sent to everyone booked) <input name="reason" />
          </label>
          <button type="submit">Cancel the event</button>
        </form>
      )}
      {event.status !== 'draft' && event.status !== 'published' && (
        <EmptyState title={`This event is ${event.status}`}>It can no longer be changed.</EmptyState>
      )}
    </div>
  );

  return (
    <section>
      <p>
        <Link to="/organizer">← My events</Link>
      </p>
      <h1>{event.title}</h1>
      <p className="row">
        <Badge tone={eventStatusTone(event.status)} data-testid="status">
          {event.status}
        </Badge>
        <span className="muted">
          {formatWhen(event.startsAt, event.timeZone)} · {event.venue.name}, {event.venue.city} ·{' '}
          {event.visibility}
        </span>
        {live && <Link to={`/events/${event.id}`}>public page</Link>}
      </p>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} data-testid="message">
          {message.text}
        </p>
      )}
      {event.status === 'draft' && (
        <div className="actions">
          <Button variant="primary" onClick={() => void publish()}>
            Publish
          </Button>
        </div>
      )}
      <Tabs
        label="Event sections"
        tabs={[
          { value: 'overview', label: 'Overview', content: overview },
          { value: 'bookings', label: 'Bookings', content: bookingsTab },
          { value: 'guests', label: 'Guests', content: guestsTab },
          { value: 'promo-codes', label: 'Promo codes', content: promoTab },
          { value: 'door', label: 'Door', content: <DoorTab eventId={event.id} /> },
          { value: 'activity', label: 'Activity', content: <ActivityTab eventId={event.id} /> },
          { value: 'settings', label: 'Settings', content: settingsTab },
        ]}
      />
    </section>
  );
}
