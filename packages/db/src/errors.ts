// Classifies database errors the same way on both drivers (PGlite and adapter-pg).
//
// Through a driver adapter, Prisma reports: a unique violation as P2002; an exclusion violation
// as P2039 ("Database error", P2010 for raw queries) whose meta.driverAdapterError.cause carries
// originalCode/code 23P01; an unreachable server as P1001 (ECONNREFUSED) and a dropped connection
// as P1017, or as the bare pg error ("Connection terminated unexpectedly") that Prisma wraps.

const UNIQUE_VIOLATION = '23505';
const EXCLUSION_VIOLATION = '23P01';

/** Prisma codes for an unreachable or lost database. */
const CONNECTION_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
/** Driver adapter error kinds for the same. */
const CONNECTION_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** Node socket errors. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** PostgreSQL SQLSTATEs: admin/crash shutdown, cannot connect now, too many connections. */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|Server has closed the connection|PGlite is closed/i;

/** True when the error (or one it wraps) is the overlap constraint (SQLSTATE 23P01). */
export function isExclusionViolation(err: unknown): boolean {
  return errorChain(err).some((e) => sqlState(e) === EXCLUSION_VIOLATION);
}

/** True for a unique constraint violation: Prisma P2002, or SQLSTATE 23505 from a raw query. */
export function isUniqueViolation(err: unknown): boolean {
  return errorChain(err).some((e) => e.code === 'P2002' || sqlState(e) === UNIQUE_VIOLATION);
}

/** True when the database could not be reached or the connection was lost (map to 503). */
export function isConnectionError(err: unknown): boolean {
  return errorChain(err).some((e) => {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (CONNECTION_PRISMA_CODES.has(code) || SOCKET_CODES.has(code))) return true;
    if (typeof e.kind === 'string' && CONNECTION_KINDS.has(e.kind)) return true;
    const state = sqlState(e);
    if (state && (CONNECTION_SQLSTATES.has(state) || state.startsWith('08'))) return true;
    return typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message);
  });
}

type Loose = Record<string, unknown>;

/** The SQLSTATE an error carries, whether a raw driver error or a mapped adapter error. */
function sqlState(e: Loose): string | undefined {
  for (const value of [e.originalCode, e.code]) {
    if (typeof value === 'string' && /^[0-9A-Z]{5}$/.test(value) && !/^P\d{4}$/.test(value)) return value;
  }
  return undefined;
}

/** The error, its causes, Prisma's meta.driverAdapterError and AggregateError members. */
function errorChain(err: unknown): Loose[] {
  const out: Loose[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 20) {
    const e = queue.shift();
    if (e === null || typeof e !== 'object' || out.includes(e as Loose)) continue;
    const loose = e as Loose;
    out.push(loose);
    queue.push(loose.cause);
    const meta = loose.meta as Loose | undefined;
    if (meta && typeof meta === 'object') queue.push(meta.driverAdapterError);
    if (Array.isArray(loose.errors)) queue.push(...loose.errors);
  }
  return out;
}

/**
 * What PostgreSQL refuses because of the client's data, by SQLSTATE: text it cannot store (a NUL,
 * 22021/22P05), a value over a limit (an index row or a column, 54000/22001), a number or date
 * out of range (22003/22008). The client's input, not our failure: 400, never 500.
 */
const CLIENT_DATA_PROBLEMS: readonly [Set<string>, RegExp, string][] = [
  [
    new Set(['22021', '22P05']),
    /invalid byte sequence for encoding|unsupported Unicode escape sequence|character with byte sequence/,
    'Text must not contain NUL (\\u0000) or other unstorable characters',
  ],
  [
    new Set(['54000', '22001']),
    /index row size \d+ exceeds maximum|value too long for type/,
    'A value is too large to store',
  ],
  [
    new Set(['22003', '22008']),
    /(?:timestamp|date|value) out of range|numeric field overflow/,
    'A value is out of range',
  ],
];

type DriverErrorLink = {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: DriverErrorLink } };
};

/** What is wrong with the client's data when PostgreSQL refused it for that, else null. */
export function clientDataProblem(error: unknown): string | null {
  for (
    let e = error as DriverErrorLink | undefined, depth = 0;
    e && depth < 8;
    e = e.cause as DriverErrorLink, depth++
  ) {
    const driver = e.meta?.driverAdapterError?.cause as
      | { originalCode?: unknown; code?: unknown }
      | undefined;
    const codes = [e.code, driver?.originalCode, driver?.code].filter((c) => typeof c === 'string');
    const message = typeof e.message === 'string' ? e.message : '';
    for (const [states, pattern, problem] of CLIENT_DATA_PROBLEMS) {
      if (codes.some((code) => states.has(code as string)) || pattern.test(message)) return problem;
    }
  }
  return null;
}
