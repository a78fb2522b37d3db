import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { describe, events } from '../api/client';
import type { components } from '../api/event-service';
import { fieldText } from '../form';

type Event = components['schemas']['EventDto'];

/** Upcoming public events, searchable by words, city and dates, a page at a time. */
export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const [items, setItems] = useState<Event[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = {
    q: params.get('q') || undefined,
    city: params.get('city') || undefined,
    from: params.get('from') ? new Date(params.get('from')!).toISOString() : undefined,
    to: params.get('to') ? new Date(params.get('to')!).toISOString() : undefined,
    cursor: params.get('cursor') || undefined,
    limit: 12,
  };
  useEffect(() => {
    void events.GET('/api/v1/events', { params: { query } }).then(({ data, error: failure }) => {
      if (failure || !data) return setError(describe(failure));
      setError(null);
      setItems(data.items);
      setNext(data.nextCursor);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params.toString()]);
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const wanted = new URLSearchParams();
    for (const key of ['q', 'city', 'from', 'to']) {
      const value = fieldText(form, key);
      if (value) wanted.set(key, value);
    }
    setParams(wanted);
  };
  return (
    <section>
      <h1>Upcoming events</h1>
      <form onSubmit={search} className="search" role="search">
        <input name="q" placeholder="Search" aria-label="Search" defaultValue={query.q} />
        <input name="city" placeholder="City" aria-label="City" defaultValue={query.city} />
        <input name="from" type="date" aria-label="From" />
        <input name="to" type="date" aria-label="To" />
        <button type="submit">Search</button>
      </form>
      {error && <p role="alert">{error}</p>}
      <ul className="events">
        {items.map((event) => (
          <li key={event.id} data-event={event.id}>
            <Link to={`/events/${event.id}`}>{event.title}</Link>
            <span>
              {new Date(event.startsAt).toLocaleString()} · {event.venue.name}, {event.venue.city}
            </span>
          </li>
        ))}
      </ul>
      {items.length === 0 && !error && <p>No events match.</p>}
      {next && (
        <button
          type="button"
          onClick={() => {
            const more = new URLSearchParams(params);
            more.set('cursor', next);
            setParams(more);
          }}
        >
          Next page
        </button>
      )}
    </section>
  );
}
