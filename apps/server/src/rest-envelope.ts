import type { DomainErrorCode } from '@drift/domain';
import { HTTP_STATUS } from '@drift/domain';
import type { FastifyError } from 'fastify';

export interface ErrorEnvelope {
  error: { message: string; code: DomainErrorCode };
}

export function envelope(code: DomainErrorCode, message: string): ErrorEnvelope {
  return { error: { message, code } };
}

const CODE_BY_STATUS: Record<number, DomainErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'INSUFFICIENT_SCOPE',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION_ERROR',
  429: 'RATE_LIMIT_EXCEEDED',
  503: 'SERVICE_UNAVAILABLE',
};

function isEnvelope(body: unknown): body is ErrorEnvelope {
  const error = (body as ErrorEnvelope | null)?.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof error.message === 'string' &&
    typeof error.code === 'string'
  );
}

/**
 * trpc-to-openapi answers errors in its own shape (`{message, code: <tRPC code>, data, issues}`) and
 * cannot be told otherwise, so every error body under /api/v1 is rewritten here, in one place.
 * Our errorFormatter has already put our code and the safe message into `data.driftCode`/`message`.
 */
export function toErrorEnvelope(status: number, payload: unknown): { status: number; body: ErrorEnvelope } {
  let body: unknown;
  try {
    body = typeof payload === 'string' ? JSON.parse(payload) : payload;
  } catch {
    body = undefined;
  }
  if (isEnvelope(body)) return { status, body };
  const shaped = body as { message?: unknown; data?: { driftCode?: DomainErrorCode } } | undefined;
  const code = shaped?.data?.driftCode ?? CODE_BY_STATUS[status] ?? 'INTERNAL_ERROR';
  const message =
    code !== 'INTERNAL_ERROR' && typeof shaped?.message === 'string'
      ? shaped.message
      : 'An unexpected error occurred';
  return { status: HTTP_STATUS[code], body: envelope(code, message) };
}

/** Errors Fastify raises before any procedure runs: body parsing, content types, limits. */
export function fastifyErrorEnvelope(error: FastifyError): { status: number; body: ErrorEnvelope } {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: envelope('VALIDATION_ERROR', 'Request body is not valid JSON') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { status: 400, body: envelope('VALIDATION_ERROR', 'Content-Type must be application/json') };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: envelope('PAYLOAD_TOO_LARGE', 'Request body is too large') };
  }
  if (error.statusCode && error.statusCode < 500) {
    const code = CODE_BY_STATUS[error.statusCode] ?? 'VALIDATION_ERROR';
    return { status: HTTP_STATUS[code], body: envelope(code, error.message) };
  }
  return { status: 500, body: envelope('INTERNAL_ERROR', 'An unexpected error occurred') };
}
