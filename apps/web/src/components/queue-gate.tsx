import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { bookings, describe } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { follow } from '../api/live';
import { formatWhen } from '@evently/time';
import { Alert, Button } from '../ui';

type Event = eventSchemas['schemas']['EventDto'];
type Place = bookingSchemas['schemas']['QueueStatusDto'];

const RECONNECT_MS = 2000;
/** The place's token is kept per event, so a reload (or a second tab) keeps the place in line. */
const tokenKey = (eventId: string) => `evently.queue.${eventId}`;

const waitText = (seconds: number | null) => {
  if (seconds === null) return 'working out your wait';
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `about ${minutes} min` : `about ${Math.round(minutes / 6) / 10} h`;
};

/**
 * The waiting room of an event that opens its sale through a queue: join (before or after the opening), then
 * a waiting screen that follows the place live; once admitted, `children` get the pass to book with until it
 * expires. Events without a queue render `children` with no pass.
 */
export function QueueGate({ event, children }: { event: Event; children: (pass?: string) => ReactNode }) {
  const queued = !!event.onSale?.queue;
  const [token, setToken] = useState<string | null>(() =>
    queued ? localStorage.getItem(tokenKey(event.id)) : null,
  );
  const [place, setPlace] = useState<Place | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setNow] = useState(Date.now());

  const remember = useCallback(
    (next: Place) => {
      setPlace(next);
      setToken(next.token);
      localStorage.setItem(tokenKey(event.id), next.token);
    },
    [event.id],
  );

  const join = async () => {
    const { data, error: failure } = await bookings.POST('/api/v1/events/{eventId}/queue', {
      params: { path: { eventId: event.id } },
    });
    if (!data) return setError(describe(failure));
    setError(null);
    remember(data);
  };

  useEffect(() => {
    if (!queued || !token) return;
    // The place now (a token of another account, or of a place given up, is forgotten), then live.
    void bookings
      .GET('/api/v1/events/{eventId}/queue', { params: { path: { eventId: event.id }, query: { token } } })
      .then(({ data }) => {
        if (data) setPlace(data);
        else {
          localStorage.removeItem(tokenKey(event.id));
          setToken(null);
        }
      });
    return follow(
      `/api/v1/events/${event.id}/queue/stream?token=${token}`,
      (name, data) => {
        if (name === 'status') setPlace(data as Place);
      },
      { reconnectMs: RECONNECT_MS },
    );
  }, [queued, token, event.id]);

  // The pass's countdown, and the opening's, move on their own.
  useEffect(() => {
    if (!queued) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [queued]);

  if (!queued) {
    // A sale that opens at a time, without a queue: nothing to book before it.
    if (event.onSale && Date.parse(event.onSale.opensAt) > Date.now()) {
      return <p role="status">Sales open at {formatWhen(event.onSale.opensAt, event.timeZone)}.</p>;
    }
    return <>{children()}</>;
  }
  const opensAt = event.onSale!.opensAt;
  const open = Date.parse(opensAt) <= Date.now();
  const expired =
    place?.state === 'expired' || (place?.passExpiresAt && Date.parse(place.passExpiresAt) <= Date.now());

  if (place?.state === 'admitted' && place.pass && !expired) {
    const left = Math.max(0, Math.round((Date.parse(place.passExpiresAt!) - Date.now()) / 1000));
    return (
      <div className="stack queue-gate" data-testid="queue-admitted">
        <p role="status" className="ok">
          It’s your turn: book within {Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')}.
        </p>
        {children(place.pass)}
      </div>
    );
  }

  return (
    <div className="stack queue-gate" data-testid="queue-gate">
      {!place ? (
        <>
          <p>
            This sale {open ? 'opened' : 'opens'} at <strong>{formatWhen(opensAt, event.timeZone)}</strong>{' '}
            through a queue.{' '}
            {open
              ? ''
              : 'Everyone who joins before then gets a random place when it opens, so there is no need to rush.'}
          </p>
          <Button variant="primary" onClick={() => void join()}>
            Join the queue
          </Button>
        </>
      ) : expired ? (
        <>
          <p>Your turn passed before you booked.</p>
          <Button variant="primary" onClick={() => void join()}>
            Join the queue again
          </Button>
        </>
      ) : (
        <div className="queue-wait" aria-live="polite" data-testid="queue-waiting">
          {place.position === null ? (
            <p>
              You are in the queue.{' '}
              {open
                ? 'Your place is being given…'
                : `Places are drawn at random when the sale opens (${formatWhen(opensAt, event.timeZone)}).`}
            </p>
          ) : (
            <>
              <p className="queue-position">
                <span className="muted">Your place in line</span>
                <strong data-testid="queue-position">{place.position}</strong>
              </p>
              <p className="muted">Estimated wait: {waitText(place.estimatedWaitSeconds ?? null)}</p>
            </>
          )}
          <p className="muted">
            Keep this page open: it moves on by itself, and you can book when it is your turn.
          </p>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
