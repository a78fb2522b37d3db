// What a door device keeps to work without the network: the event's bundle (its public key and tickets) and
// the scans made offline, in IndexedDB; and how it decides a scan on its own until it can sync.

export interface BundleTicket {
  id: string;
  ticketTypeName: string | null;
  seat: string | null;
  attendeeName: string | null;
  checkedInAt: string | null;
}

export interface Bundle {
  eventId: string;
  publicKey: string;
  generatedAt: string;
  tickets: BundleTicket[];
  voidedIds: string[];
}

export interface OfflineScan {
  code: string;
  scannedAt: string;
  deviceId: string;
}

export type LocalResult = 'ok' | 'already_checked_in' | 'unknown' | 'other_event' | 'voided';

const DB = 'evently-door';
const STORE = 'door';

function database(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB failed'));
  });
}

async function withStore<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const request = work(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB failed'));
  });
}

export const loadKept = <T>(key: string): Promise<T | undefined> =>
  withStore<T | undefined>('readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
export const keep = (key: string, value: unknown): Promise<IDBValidKey> =>
  withStore('readwrite', (s) => s.put(value, key));

/** This device's id, made once. */
export function deviceId(): string {
  const known = localStorage.getItem('evently-door-device');
  if (known) return known;
  const made = `door-${crypto.randomUUID()}`;
  localStorage.setItem('evently-door-device', made);
  return made;
}

const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
};
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
const uuidOf = (bytes: Uint8Array) =>
  hex(bytes).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** The event and ticket a code names, with its signed part and signature; null if it is not a code. */
export function readCode(code: string) {
  if (!/^[A-Za-z0-9_-]{130}$/.test(code)) return null;
  const bytes = fromBase64Url(code);
  if (bytes.length !== 97 || bytes[0] !== 1) return null;
  return {
    eventId: uuidOf(bytes.subarray(1, 17)),
    ticketId: uuidOf(bytes.subarray(17, 33)),
    payload: bytes.slice(0, 33),
    signature: bytes.slice(33),
  };
}

/** Whether the event's key signed the code; null where this browser cannot check Ed25519 itself. */
export async function signedBy(publicKey: string, code: NonNullable<ReturnType<typeof readCode>>) {
  try {
    const key = await crypto.subtle.importKey(
      'spki',
      fromBase64Url(publicKey.replace(/=+$/, '')),
      'Ed25519',
      false,
      ['verify'],
    );
    return await crypto.subtle.verify('Ed25519', key, code.signature, code.payload);
  } catch {
    return null;
  }
}

/**
 * A scan decided on the device: the bundle's tickets, what this device checked in since, and the code's
 * signature (where the browser can check it; the ticket ids are random, so the bundle alone already refuses
 * made-up codes).
 */
export async function decideOffline(
  bundle: Bundle,
  checkedIn: Set<string>,
  code: string,
): Promise<{ result: LocalResult; ticket: BundleTicket | null }> {
  const read = readCode(code);
  if (!read) return { result: 'unknown', ticket: null };
  if (read.eventId !== bundle.eventId) return { result: 'other_event', ticket: null };
  if ((await signedBy(bundle.publicKey, read)) === false) return { result: 'unknown', ticket: null };
  if (bundle.voidedIds.includes(read.ticketId)) return { result: 'voided', ticket: null };
  const ticket = bundle.tickets.find((t) => t.id === read.ticketId) ?? null;
  if (!ticket) return { result: 'unknown', ticket: null };
  if (ticket.checkedInAt || checkedIn.has(ticket.id)) return { result: 'already_checked_in', ticket };
  return { result: 'ok', ticket };
}
