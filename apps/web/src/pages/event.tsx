import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { bookings, describe, events } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { useAuth } from '../auth';

type Event = eventSchemas['schemas']['EventDto'];
type Availability = bookingSchemas['schemas']['AvailabilityDto'];

const LIVE_MS = 2000;

/** An event, its live availability, and booking: a quantity, or seats picked on the map. */
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

  const book = async () => {
    const body = availability?.seats ? { eventId: id!, seats: picked } : { eventId: id!, quantity };
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

  if (!event) return message ? <p role="alert">{message.text}</p> : <p>Loading…</p>;
  return (
    <section>
      <h1>{event.title}</h1>
      <p>
        {new Date(event.startsAt).toLocaleString()} · {event.venue.name}, {event.venue.city}
      </p>
      {event.description && <p>{event.description}</p>}
      {availability && (
        <p data-testid="availability" aria-live="polite">
          {availability.available} of {availability.capacity} available
        </p>
      )}
      {availability?.seats && (
        <div className="seatmap" role="group" aria-label="Seat map">
          {availability.seats.map((seat) => {
            const mine = picked.includes(seat.label);
            return (
              <button
                type="button"
                key={seat.label}
                data-seat={seat.label}
                data-status={mine ? 'picked' : seat.status}
                className={`seat ${mine ? 'picked' : seat.status}`}
                aria-label={`Seat ${seat.label}, ${mine ? 'picked' : seat.status}`}
                aria-pressed={mine}
                disabled={seat.status !== 'available'}
                onClick={() =>
                  setPicked(mine ? picked.filter((s) => s !== seat.label) : [...picked, seat.label])
                }
              >
                {seat.number}
              </button>
            );
          })}
        </div>
      )}
      {me ? (
        availability?.bookable && (
          <div className="book">
            {!availability.seats && (
              <label>
                Tickets{' '}
                <input
                  type="number"
                  min={1}
                  max={10}
                  value={quantity}
                  aria-label="Quantity"
                  onChange={(e) => setQuantity(Number(e.target.value))}
                />
              </label>
            )}
            <button
              type="button"
              onClick={() => void book()}
              disabled={availability.seats ? picked.length === 0 : false}
            >
              Book
            </button>
            {availability.available < quantity && (
              <button type="button" onClick={() => void joinWaitlist()}>
                Join the waiting list
              </button>
            )}
          </div>
        )
      ) : (
        <p>
          <Link to="/login">Sign in</Link> to book.
        </p>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
