// The on-sale queue as the specs use it: an event selling through one, joining, reading a place, waiting.
import { api, Caller, EventBody, onSaleEvent } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { queryServiceDb } from '@evently/testing/service-db';

export interface QueueStatus {
  token: string;
  opensAt: string;
  position: number | null;
  estimatedWaitSeconds: number | null;
  state: 'waiting' | 'admitted' | 'expired';
  pass: string | null;
  passExpiresAt: string | null;
}

/** A published event whose sale opens through a queue `inSeconds` from now. */
export async function queuedEvent(
  organizer: Caller,
  onSale: { inSeconds: number; admitPerMinute?: number | null; passMinutes?: number },
  overrides: Record<string, unknown> = {},
): Promise<EventBody & { onSale: { opensAt: string } }> {
  const event = await onSaleEvent(organizer, {
    capacity: 50,
    ...overrides,
    onSale: {
      queue: true,
      opensAt: new Date(Date.now() + onSale.inSeconds * 1000).toISOString(),
      admitPerMinute: onSale.admitPerMinute ?? null,
      ...(onSale.passMinutes !== undefined && { passMinutes: onSale.passMinutes }),
    },
  });
  return event as EventBody & { onSale: { opensAt: string } };
}

export async function join(caller: Caller, eventId: string): Promise<{ status: number; body: QueueStatus }> {
  const res = await api('POST', `/events/${eventId}/queue`, { caller });
  return { status: res.status, body: res.json() as QueueStatus };
}

export async function placeOf(caller: Caller, eventId: string, token: string): Promise<QueueStatus> {
  const res = await api('GET', `/events/${eventId}/queue?token=${token}`, { caller });
  if (res.status !== 200) throw new Error(`queue status: ${res.status} ${res.text()}`);
  return res.json() as QueueStatus;
}

/** Waits until `when` holds of the caller's place; returns it. */
export const placeWhen = (
  caller: Caller,
  eventId: string,
  token: string,
  when: (s: QueueStatus) => boolean,
  what: string,
  timeoutMs = 15_000,
) =>
  eventually(
    async () => {
      const s = await placeOf(caller, eventId, token);
      return when(s) ? s : undefined;
    },
    timeoutMs,
    what,
  );

/** The queue's rows as booking-service holds them, in rank order. */
export const queueRows = (eventId: string) =>
  queryServiceDb<{ user_id: string; rank: number | null; admitted_at: Date | null; pass: string | null }>(
    'booking-service',
    `SELECT user_id, rank, admitted_at, pass FROM queue_entries WHERE event_id = $1 ORDER BY rank NULLS LAST`,
    [eventId],
  );

/** Changes how fast the queue admits (the organizer's PATCH; the replica hears of it from the event facts). */
export async function setAdmissionRate(
  organizer: Caller,
  event: EventBody & { onSale: { opensAt: string } },
  admitPerMinute: number,
): Promise<void> {
  const current = (await api('GET', `/events/${event.id}`, { caller: organizer })).json() as EventBody;
  const res = await api('PATCH', `/events/${event.id}`, {
    caller: organizer,
    headers: { 'if-match': `"${current.version}"` },
    body: { onSale: { queue: true, opensAt: event.onSale.opensAt, admitPerMinute } },
  });
  if (res.status !== 200) throw new Error(`rate change: ${res.status} ${res.text()}`);
  await eventually(
    async () => {
      const [row] = await queryServiceDb<{ rate: number | null }>(
        'booking-service',
        `SELECT (on_sale->>'admitPerMinute')::int AS rate FROM inventory WHERE event_id = $1`,
        [event.id],
      );
      return row?.rate === admitPerMinute || undefined;
    },
    10_000,
    'the new rate at booking-service',
  );
}
