import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { bookings, describe } from '../api/client';
import { useAuth } from '../auth';
import { DoorCamera } from '../components/door-camera';
import { SignedOut } from '../components/signed-out';
import { Bundle, decideOffline, deviceId, keep, loadKept, OfflineScan } from '../door-offline';
import { Alert, Button, Card, Skeleton, TextField } from '../ui';

interface Shown {
  result: string;
  ticket: { attendeeName: string | null; ticketTypeName: string | null; seat: string | null } | null;
  offline: boolean;
}

const WORDS: Record<string, string> = {
  ok: 'Welcome in',
  already_checked_in: 'Already checked in',
  unknown: 'Not a ticket of this event',
  other_event: 'A ticket for another event',
  voided: 'This ticket was voided',
  not_paid: 'Not paid',
};
const toneOf = (result: string) =>
  result === 'ok' ? 'ok' : result === 'already_checked_in' ? 'warn' : 'bad';

/**
 * The scanner at an event's door: the camera (or a code typed in), a large green, amber or red answer with
 * the attendee's name and type. It keeps the event's bundle on the device: with the network gone it decides
 * scans itself and queues them, and syncs them when the network is back.
 */
export function DoorPage() {
  const { eventId } = useParams<{ eventId: string }>();
  const { me, ready } = useAuth();
  const [bundle, setBundle] = useState<Bundle | null>(null);
  const [queue, setQueue] = useState<OfflineScan[]>([]);
  const [checkedHere, setCheckedHere] = useState<Set<string>>(new Set());
  const [shown, setShown] = useState<Shown | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const queueKey = `queue:${eventId}`;

  const refreshBundle = useCallback(async () => {
    // Without the network the kept bundle stands (a fetch that cannot start throws).
    const answer = await bookings
      .GET('/api/v1/events/{eventId}/checkin-bundle', { params: { path: { eventId: eventId! } } })
      .catch(() => null);
    if (!answer) return;
    const { data, error: failure } = answer;
    if (data) {
      setBundle(data);
      await keep(`bundle:${eventId}`, data);
      setCheckedHere(new Set());
    } else if (failure) setError(describe(failure));
  }, [eventId]);

  const sync = useCallback(async () => {
    const waiting = (await loadKept<OfflineScan[]>(queueKey)) ?? [];
    if (waiting.length === 0) return;
    const answer = await bookings
      .POST('/api/v1/events/{eventId}/checkins/batch', {
        params: { path: { eventId: eventId! } },
        body: { scans: waiting },
      })
      .catch(() => null);
    if (!answer) return; // Still offline: the 'online' event tries again.
    const { data, error: failure } = answer;
    if (!data) return setError(describe(failure));
    await keep(queueKey, []);
    setQueue([]);
    setStatus(`Synced ${data.items.length} scan(s) made offline`);
    await refreshBundle();
  }, [eventId, queueKey, refreshBundle]);

  useEffect(() => {
    if (!me) return;
    void loadKept<Bundle>(`bundle:${eventId}`).then((kept) => kept && setBundle((b) => b ?? kept));
    void loadKept<OfflineScan[]>(queueKey).then((kept) => setQueue(kept ?? []));
    void refreshBundle().then(() => sync());
    const online = () => void sync();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [me, eventId, queueKey, refreshBundle, sync]);

  const scanOffline = async (scanned: string) => {
    if (!bundle) return setError('No bundle on this device yet: connect once to fetch it');
    const decided = await decideOffline(bundle, checkedHere, scanned);
    if (decided.result === 'ok') setCheckedHere(new Set([...checkedHere, decided.ticket!.id]));
    const next = [...queue, { code: scanned, scannedAt: new Date().toISOString(), deviceId: deviceId() }];
    setQueue(next);
    await keep(queueKey, next);
    setShown({ result: decided.result, ticket: decided.ticket, offline: true });
  };

  const scan = async (scanned: string) => {
    setError(null);
    if (!navigator.onLine) return scanOffline(scanned);
    try {
      const { data, error: failure } = await bookings.POST('/api/v1/events/{eventId}/checkins', {
        params: { path: { eventId: eventId! } },
        body: { code: scanned, deviceId: deviceId() },
      });
      if (data) setShown({ result: data.result, ticket: data.ticket, offline: false });
      else setError(describe(failure));
    } catch {
      // The network went away mid-request: decide here, and sync later.
      await scanOffline(scanned);
    }
  };

  if (!ready) return <Skeleton />;
  if (!me) return <SignedOut title="Door" what="check tickets in" />;
  return (
    <section className="stack">
      <h1>Door</h1>
      {bundle ? (
        <p className="muted" data-testid="door-bundle">
          {bundle.tickets.length} tickets on this device · {queue.length} scan(s) waiting to sync
        </p>
      ) : (
        <Skeleton count={1} />
      )}
      {error && <Alert>{error}</Alert>}
      {status && <p role="status">{status}</p>}
      {shown && (
        <div
          className={`door-result ${toneOf(shown.result)}`}
          data-testid="door-result"
          data-result={shown.result}
        >
          <p>
            <strong>{WORDS[shown.result] ?? shown.result}</strong>
          </p>
          {shown.ticket && (
            <p>
              {shown.ticket.attendeeName ?? 'Unnamed attendee'} · {shown.ticket.ticketTypeName ?? 'Ticket'}
              {shown.ticket.seat && ` · seat ${shown.ticket.seat}`}
            </p>
          )}
          {shown.offline && <p>Offline: kept on this device until it can sync</p>}
        </div>
      )}
      <Card className="stack">
        <DoorCamera onCode={(c) => void scan(c)} />
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void scan(code.trim());
            setCode('');
          }}
        >
          <TextField
            label="Ticket code"
            value={code}
            autoComplete="off"
            onChange={(e) => setCode(e.target.value)}
          />
          <Button type="submit" variant="primary" disabled={code.trim() === ''}>
            Check in
          </Button>
        </form>
      </Card>
    </section>
  );
}
