// The API client, typed by the services' own OpenAPI documents (openapi-typescript generates the types in
// this folder; `npm run web:api` regenerates them). Tokens live in localStorage so a reload stays signed in;
// a 401 is retried once after rotating the refresh token.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as bookingPaths } from './booking-service';
import type { paths as eventPaths } from './event-service';
import type { paths as notifierPaths } from './notifier-service';
import type { paths as userPaths } from './user-service';

const TOKENS = 'evently.tokens';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export const tokens = {
  get(): Tokens | null {
    const raw = localStorage.getItem(TOKENS);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  },
  set(value: Tokens | null): void {
    if (value) localStorage.setItem(TOKENS, JSON.stringify(value));
    else localStorage.removeItem(TOKENS);
    window.dispatchEvent(new Event('evently:tokens'));
  },
};

/** The error body every service and the gateway answer with. */
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  requestId?: string;
  /** Seconds to wait, from a 429's or 503's Retry-After header (added by this client). */
  retryAfter?: number;
}

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for a new pair, once for all requests waiting on it. */
async function refresh(): Promise<boolean> {
  const current = tokens.get();
  if (!current) return false;
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: current.refreshToken }),
  })
    .then(async (res) => {
      if (!res.ok) {
        tokens.set(null);
        return false;
      }
      const pair = (await res.json()) as Tokens;
      tokens.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      return true;
    })
    .finally(() => (refreshing = null));
  return refreshing;
}

const auth: Middleware = {
  onRequest({ request }) {
    const current = tokens.get();
    if (current && !request.headers.has('authorization')) {
      request.headers.set('authorization', `Bearer ${current.accessToken}`);
    }
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || request.url.includes('/auth/') || !tokens.get()) return response;
    if (!(await refresh())) return response;
    const retry = request.clone();
    retry.headers.set('authorization', `Bearer ${tokens.get()!.accessToken}`);
    return fetch(retry);
  },
};

/** Busy answers carry Retry-After in a header; copy it into the error body, where pages read errors. */
const retryHint: Middleware = {
  async onResponse({ response }) {
    const seconds = Number(response.headers.get('retry-after'));
    if ((response.status !== 429 && response.status !== 503) || !(seconds > 0)) return response;
    const body = (await response
      .clone()
      .json()
      .catch(() => ({ statusCode: response.status, code: 'RATE_LIMITED' }))) as ApiError;
    return new Response(JSON.stringify({ ...body, retryAfter: seconds }), {
      status: response.status,
      headers: response.headers,
    });
  },
};

function client<P extends object>() {
  const api = createClient<P>({ baseUrl: window.location.origin });
  api.use(auth, retryHint);
  return api;
}

export const users = client<userPaths>();
export const events = client<eventPaths>();
export const bookings = client<bookingPaths>();
export const notifications = client<notifierPaths>();

/** The API's field messages (`details.fields` of VALIDATION_FAILED, keyed by dotted path), or none. */
export function fieldErrors(error: unknown): Record<string, string[]> {
  const body = error as Partial<ApiError> | undefined;
  return (body?.details?.fields ?? {}) as Record<string, string[]>;
}

/** The header that makes a change of an event conditional on the version read (its ETag). */
export const ifMatch = (event: { version: number }) => ({ 'If-Match': `"${event.version}"` });

/** A readable sentence for an API error, by its stable code. */
export function describe(error: unknown): string {
  const body = error as Partial<ApiError> | undefined;
  switch (body?.code) {
    case 'SOLD_OUT':
      return 'Sold out: there are not that many places left.';
    case 'SEAT_UNAVAILABLE':
      return 'Someone else just took one of those seats. Pick another.';
    case 'LIMIT_EXCEEDED':
      return 'That is more tickets than one person may hold for this event.';
    case 'EVENT_NOT_BOOKABLE':
      return 'This event is not on sale.';
    case 'INVALID_CREDENTIALS':
      return 'Wrong email or password.';
    case 'EMAIL_TAKEN':
      return 'An account with this email exists already. Sign in instead.';
    case 'TICKETS_AVAILABLE':
      return 'Places are available: book them instead.';
    case 'ALREADY_WAITLISTED':
      return 'You are on this waiting list already.';
    case 'OFFER_EXPIRED':
      return 'The offer has expired; the places went to the next person.';
    case 'RSVP_CLOSED':
      return 'Answers to this invitation are closed.';
    case 'INVITATION_NOT_FOUND':
      return 'This invitation link is not valid.';
    case 'RATE_LIMITED':
    case 'SERVICE_UNAVAILABLE': {
      const seconds = body.retryAfter ?? 0;
      const wait = seconds > 0 ? `${seconds} second${seconds === 1 ? '' : 's'}` : 'a few seconds';
      return `Too many requests just now. Try again in ${wait}.`;
    }
    case 'NOT_EVENT_OWNER':
    case 'NOT_EVENT_ORGANIZER':
      return "Only the event's organizer (or an admin) may do that.";
    case 'VERSION_CONFLICT':
      return 'Someone changed this event meanwhile. Reload it and make your change again.';
    case 'INVALID_EVENT_STATE':
      return body.message ?? 'The event is not in a state that allows this.';
    case 'STARTS_IN_PAST':
      return 'The event would start in the past.';
    case 'CAPACITY_BELOW_BOOKED':
      return 'Capacity cannot go below the places already booked.';
    case 'SEATING_PLAN_FIXED':
      return 'A published seating plan can only grow.';
    case 'FORBIDDEN':
      return 'Your account may not do that.';
    case 'VALIDATION_FAILED': {
      const first = Object.entries(fieldErrors(body))[0];
      return first ? `${first[0]}: ${first[1][0]}` : (body.message ?? 'Some input is not valid.');
    }
    default:
      return body?.message ?? 'Something went wrong. Try again.';
  }
}
