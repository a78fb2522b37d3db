import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { describe, events } from '../api/client';
import type { components } from '../api/event-service';
import { fieldText } from '../form';
import { formatWhen } from '@evently/time';
import { formatMoney } from '@evently/money';
import { Alert, Button, Card, EmptyState, Skeleton, TextField } from '../ui';

type Event = components['schemas']['EventDto'];

/** Upcoming public events, searchable by words, city and dates, a page at a time. */
export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const [items, setItems] = useState<Event[] | null>(null);
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
        <TextField label="Search" name="q" placeholder="Words in the title" defaultValue={query.q} />
        <TextField label="City" name="city" defaultValue={query.city} />
        <TextField label="From" name="from" type="date" />
        <TextField label="To" name="to" type="date" />
        <div className="row">
          <Button type="submit" variant="primary">
            Search
          </Button>
        </div>
      </form>
      {error && <Alert>{error}</Alert>}
      {items === null && !error && <Skeleton kind="card" count={3} />}
      {items && items.length > 0 && (
        <ul className="card-grid events">
          {items.map((event) => (
            <li key={event.id} data-event={event.id}>
              <Card className="event-card">
                <span className="event-date">{formatWhen(event.startsAt, event.timeZone)}</span>
                <Link className="card-title" to={`/events/${event.id}`}>
                  {event.title}
                </Link>
                <p className="card-meta">
                  {event.venue.name}, {event.venue.city}
                </p>
                <p className="card-meta">
                  {event.seatCount !== null
                    ? `${event.seatCount} reserved seats`
                    : `${event.capacity} places`}
                  {event.priceFrom && (
                    <>
                      {' · '}
                      <span data-testid="price-from">
                        {event.priceFrom.amount === 0 ? 'Free' : `From ${formatMoney(event.priceFrom)}`}
                      </span>
                    </>
                  )}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {items && items.length === 0 && !error && (
        <EmptyState title="No events match">Try other words, another city or wider dates.</EmptyState>
      )}
      {next && (
        <p>
          <Button
            onClick={() => {
              const more = new URLSearchParams(params);
              more.set('cursor', next);
              setParams(more);
            }}
          >
            Next page
          </Button>
        </p>
      )}
    </section>
  );
}
