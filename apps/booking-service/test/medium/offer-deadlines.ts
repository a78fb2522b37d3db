// Shared by the waiting-list specs of the medium and e2e tiers (no stack or HTTP imports here).

/**
 * Brings the deadlines of an event's pending offers to `seconds` from now (database clock), in both places
 * booking-service keeps one: the entry, and its expiry job. As if the event's offer time (whole minutes in
 * the API) were that short, so that a test of the deadline need not wait a minute. (In a CTE: TypeORM
 * answers a bare UPDATE with [rows, count].)
 */
export const OFFER_DEADLINES_IN_SQL = `
  WITH moved AS (
    UPDATE waitlist_entries SET offer_expires_at = clock_timestamp() + make_interval(secs => $2)
    WHERE event_id = $1 AND status = 'offered'
    RETURNING id, offer_expires_at),
  jobs AS (
    UPDATE pgboss.job j SET start_after = m.offer_expires_at
    FROM moved m
    WHERE j.name = 'waitlist.offer-expiry' AND j.state = 'created' AND j.data->>'entryId' = m.id::text
    RETURNING j.id)
  SELECT id FROM jobs`;
