import { clientDataProblem, isConnectionError, isExclusionViolation } from '@drift/db';
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
