import { isConnectionError, isExclusionViolation } from '@drift/db';
import {
  DOMAIN_CODE_OF_TRPC,
  DomainError,
  type DomainErrorCode,
  ERROR_TABLE,
  type ErrorDetails,
  HTTP_STATUS,
  isDomainError,
  type TrpcCodeName,
} from '@drift/domain';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

// Domain spells out tRPC's code names as it imports no tRPC: a name missing or extra fails typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<TrpcCodeName, TRPC_ERROR_CODE_KEY>;

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

type Loose = {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: Loose } };
};

function clientDataProblem(error: unknown): string | null {
  for (let e = error as Loose | undefined, depth = 0; e && depth < 8; e = e.cause as Loose, depth++) {
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

export interface DomainErrorExtras {
  /** What really failed, kept for the operator's log. */
  original?: unknown;
  details?: ErrorDetails | undefined;
}

export function domainError(
  code: DomainErrorCode,
  message: string,
  { original, details }: DomainErrorExtras = {},
): TRPCError {
  const cause = new DomainError(code, message, {
    ...(original !== undefined && { cause: original }),
    ...(details !== undefined && { details }),
  });
  return new TRPCError({ code: ERROR_TABLE[code].trpc, message, cause });
}

/** The details an error carries for the client, or null. */
export function errorDetailsOf(error: TRPCError): ErrorDetails | null {
  return isDomainError(error.cause) ? (error.cause.details ?? null) : null;
}

/** The error behind our wrapper, for the operator's log: what really failed. */
export function originalCause(error: TRPCError): unknown {
  const cause = error.cause;
  return isDomainError(cause) && cause.cause !== undefined ? cause.cause : (cause ?? error);
}

/** Turns anything a procedure threw into the one error the client sees. */
export function toTRPCError(error: unknown): TRPCError {
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  if (isDomainError(cause)) return domainError(cause.code, cause.message, { details: cause.details });
  if (isExclusionViolation(cause)) {
    return domainError('CONFLICT', 'The dates overlap another OOO session of this account');
  }
  const problem = clientDataProblem(cause);
  if (problem) return domainError('VALIDATION_ERROR', problem);
  if (isConnectionError(cause)) {
    return domainError('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly', {
      original: cause,
    });
  }
  if (error instanceof TRPCError && error.code === 'UNSUPPORTED_MEDIA_TYPE') {
    return domainError('VALIDATION_ERROR', 'Content-Type must be application/json');
  }
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return error;
  return domainError('INTERNAL_ERROR', 'An unexpected error occurred', { original: cause });
}

export interface RestError {
  status: number;
  code: DomainErrorCode;
  message: string;
}

export function restErrorOf(error: TRPCError): RestError {
  const code = isDomainError(error.cause)
    ? error.cause.code
    : (DOMAIN_CODE_OF_TRPC[error.code] ?? 'INTERNAL_ERROR');
  const message =
    code === 'INTERNAL_ERROR'
      ? 'An unexpected error occurred'
      : error.code === 'UNSUPPORTED_MEDIA_TYPE'
        ? 'Content-Type must be application/json'
        : error.message;
  return { status: HTTP_STATUS[code], code, message };
}
