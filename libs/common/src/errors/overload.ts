/**
 * Errors that mean "too busy right now" rather than "broken": the database pool could not hand out a
 * connection in time, or PostgreSQL refused or dropped one. The client may retry; 503 with Retry-After.
 */
const OVERLOAD_MESSAGES = [
  'timeout exceeded when trying to connect', // pg-pool: every connection busy past connectionTimeoutMillis
  'Connection terminated due to connection timeout', // pg: the connect handshake took too long
  'Connection terminated unexpectedly',
  'sorry, too many clients already',
];

/** SQLSTATE classes and codes of a refused or lost connection (08), too many connections and shutdowns. */
const OVERLOAD_SQLSTATE = /^(08...|53300|57P01|57P02|57P03)$/;

/** Seconds a client should wait before retrying after a 503 caused by overload. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;

export function isOverloadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
    (error as { code?: unknown }).code;
  if (typeof code === 'string' && OVERLOAD_SQLSTATE.test(code)) return true;
  return OVERLOAD_MESSAGES.some((message) => error.message.includes(message));
}
