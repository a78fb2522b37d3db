import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { bookings, describe, events } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { useAuth } from '../auth';
import { Checkout, soldByType } from '../components/checkout';
import { JoinWaitlist } from '../components/join-waitlist';
import { QueueGate } from '../components/queue-gate';
import { SeatMap } from '../components/seat-map';
import { SeatedCheckout } from '../components/seated-checkout';
import { formatWhen } from '@evently/time';
import { formatMoney } from '@evently/money';
import { Alert, Badge, Button, Card, eventStatusTone, Skeleton, TextField } from '../ui';

type Event = eventSchemas['schemas']['EventDto'];
type Availability = bookingSchemas['schemas']['AvailabilityDto'];

const LIVE_MS = 2000;

/**
 * An event, its live availability, and booking: a quantity, or seats picked on the map; an event sold by
 * ticket type is ordered through checkout (types and quantities, or seats at their section's price).
 */
export function EventPage() {
  const { id } = useParams<{ id: string }>();
  const { me } = useAuth();
  const [event, setEvent] = useState<Event | null>(null);
  const [availability, setAvailability] = useState<Availability | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [quantity, setQuantity] = useState(1);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const refresh = useCallback(async () => {
    const { data } = await bookings.GET('/api/v1/availability/{eventId}', {
      params: { path: { eventId: id! } },
    });
    if (data) setAvailability(data);
  }, [id]);

  useEffect(() => {
    void events.GET('/api/v1/events/{id}', { params: { path: { id: id! } } }).then(({ data, error }) => {
      if (data) setEvent(data);
      else setMessage({ ok: false, text: describe(error) });
    });
    void refresh();
    // Others book meanwhile: the counts and the seat map follow without a reload.
    const timer = setInterval(() => void refresh(), LIVE_MS);
    return () => clearInterval(timer);
  }, [id, refresh]);

  const joinWaitlist = async () => {
    const { data, error } = await bookings.POST('/api/v1/waitlist', { body: { eventId: id!, quantity } });
    if (error || !data) setMessage({ ok: false, text: describe(error) });
    else setMessage({ ok: true, text: `On the waiting list, position ${data.position}` });
    await refresh();
  };

  const book = async (queuePass?: string) => {
    const body = {
      eventId: id!,
      ...(availability?.seats ? { seats: picked } : { quantity }),
      ...(queuePass && { queuePass }),
    };
    const { data, error } = await bookings.POST('/api/v1/bookings', {
      body,
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
    });
    if (error || !data) setMessage({ ok: false, text: describe(error) });
    else {
      setMessage({
        ok: true,
        text: `Booked: ${data.seats.length > 0 ? data.seats.join(', ') : `${data.quantity} ticket(s)`}`,
      });
      setPicked([]);
    }
    await refresh();
  };

  if (!event)
    return message ? (
      <section>
        <h1>Event not available</h1>
        <Alert>{message.text}</Alert>
      </section>
    ) : (
      <Skeleton count={4} />
    );
  const soldOut = availability !== null && availability.available < quantity;
  return (
    <section className="event-page">
      <div className="stack">
        <p className="event-date">{formatWhen(event.startsAt, event.timeZone)}</p>
        <h1>{event.title}</h1>
        <p className="muted">
          {event.venue.name}, {event.venue.city}
          {event.venue.address ? ` · ${event.venue.address}` : ''}
        </p>
        {event.status !== 'published' && <Badge tone={eventStatusTone(event.status)}>{event.status}</Badge>}
        {event.description && <p className="event-description">{event.description}</p>}
      </div>
      <Card className="book-card">
        {event.ticketTypes.length > 0 && (
          <ul className="ticket-types" aria-label="Ticket types and prices">
            {event.ticketTypes.map((type) => (
              <li key={type.id} data-ticket-type={type.id} className="row spread">
                <span>
                  {type.name}
                  {type.salesEnd && (
                    <span className="muted"> · until {formatWhen(type.salesEnd, event.timeZone)}</span>
                  )}
                </span>
                <strong>{formatMoney(type.price)}</strong>
              </li>
            ))}
          </ul>
        )}
        {availability ? (
          <p data-testid="availability" aria-live="polite">
            <strong>{availability.available}</strong> of {availability.capacity} available
          </p>
        ) : (
          <Skeleton count={1} />
        )}
        {availability?.seats && (
          <SeatMap
            seats={availability.seats}
            picked={picked}
            onToggle={(label) =>
              setPicked(picked.includes(label) ? picked.filter((s) => s !== label) : [...picked, label])
            }
          />
        )}
        {!me ? (
          <p>
            <Link to="/login">Sign in</Link> to book.
          </p>
        ) : (
          availability?.bookable && (
            <QueueGate event={event}>
              {(queuePass) =>
                soldByType(event) ? (
                  <>
                    {availability.seats ? (
                      <SeatedCheckout
                        event={event}
                        seats={availability.seats}
                        picked={picked}
                        queuePass={queuePass}
                        onOrdered={() => {
                          setPicked([]);
                          void refresh();
                        }}
                      />
                    ) : (
                      <Checkout event={event} queuePass={queuePass} onOrdered={() => void refresh()} />
                    )}
                    {availability.available === 0 && event.waitlist.enabled && (
                      <JoinWaitlist
                        event={event}
                        seated={!!availability.seats}
                        onJoined={() => void refresh()}
                      />
                    )}
                  </>
                ) : (
                  <div className="book row">
                    {availability.seats && (
                      <p className="muted" aria-live="polite">
                        {picked.length > 0 ? `Picked: ${picked.join(', ')}` : 'Pick seats on the map'}
                      </p>
                    )}
                    {!availability.seats && (
                      <TextField
                        label="Tickets"
                        type="number"
                        min={1}
                        max={10}
                        value={quantity}
                        onChange={(e) => setQuantity(Number(e.target.value))}
                      />
                    )}
                    <Button
                      variant="primary"
                      onClick={() => void book(queuePass)}
                      disabled={availability.seats ? picked.length === 0 : false}
                    >
                      Book
                    </Button>
                    {soldOut && <Button onClick={() => void joinWaitlist()}>Join the waiting list</Button>}
                  </div>
                )
              }
            </QueueGate>
          )
        )}
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
            {message.text}
          </p>
        )}
      </Card>
    </section>
  );
}
