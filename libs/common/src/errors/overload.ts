/**
 * Errors that mean "the database cannot serve right now" rather than "broken": the pool could not hand out
 * a connection in time, PostgreSQL refused, dropped or shut down a connection (a restart), or the socket to
 * it failed. Nothing was done (or it rolled back); the client may retry: 503 with Retry-After, never 500.
 */
const OVERLOAD_MESSAGES = [
  'timeout exceeded when trying to connect', // pg-pool: every connection busy past connectionTimeoutMillis
  'Connection terminated due to connection timeout', // pg: the connect handshake took too long
  'sorry, too many clients already',
];

/** Messages of a connection lost while in use (pg's and Node's wording). */
const LOST_MESSAGES = [
  'Connection terminated', // pg: the server closed the socket ("... unexpectedly" included)
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/**
 * TypeORM's errors for a query runner whose connection died under it (it releases itself on the error):
 * the transaction is gone with the connection.
 */
const LOST_ERROR_NAMES = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/** SQLSTATEs of a lost connection: connection exceptions (08) and the shutdowns of a restart (57P01-03). */
const LOST_SQLSTATE = /^(08...|57P01|57P02|57P03)$/;
/** SQLSTATE of too many connections. */
const BUSY_SQLSTATE = /^53300$/;
/** Node's socket errors on the way to the database. */
const SOCKET_ERRNO =
  /^(ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;

/** Seconds a client should wait before retrying after a 503 caused by overload or a lost database. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;

/** The error, its driver's error and its causes: wrappers (TypeORM, our own) keep the original inside. */
function* chainOf(error: unknown): Generator<Error> {
  for (let depth = 0; error instanceof Error && depth < 5; depth++) {
    yield error;
    const driverError = (error as { driverError?: unknown }).driverError;
    if (driverError instanceof Error) yield driverError;
    error = (error as { cause?: unknown }).cause;
  }
}

const codeOf = (error: Error): unknown =>
  (error as { driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;

/** The connection to the database was lost or refused (a restart, a killed backend, a network fault). */
export function isConnectionLost(error: unknown): boolean {
  for (const link of chainOf(error)) {
    const code = codeOf(link);
    if (typeof code === 'string' && (LOST_SQLSTATE.test(code) || SOCKET_ERRNO.test(code))) return true;
    if (LOST_MESSAGES.some((message) => link.message.includes(message))) return true;
    if (LOST_ERROR_NAMES.has(link.name) || LOST_ERROR_NAMES.has(link.constructor.name)) return true;
  }
  return false;
}

/** Busy or unreachable: the request may be retried as it was (503 with Retry-After). */
export function isOverloadError(error: unknown): boolean {
  if (isConnectionLost(error)) return true;
  for (const link of chainOf(error)) {
    const code = codeOf(link);
    if (typeof code === 'string' && BUSY_SQLSTATE.test(code)) return true;
    if (OVERLOAD_MESSAGES.some((message) => link.message.includes(message))) return true;
  }
  return false;
}
