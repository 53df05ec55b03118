import type { Socket } from 'node:net';
import { restErrorOf, toTRPCError } from '@drift/api';
import { isConnectionError } from '@drift/db';
import { DOMAIN_CODE_OF_STATUS, type DomainErrorCode, type ErrorDetails, HTTP_STATUS } from '@drift/domain';
import type { FastifyError } from 'fastify';

export interface ErrorEnvelope {
  error: {
    message: string;
    code: DomainErrorCode;
    /** The response's X-Request-Id; stamped on every error by `withRequestId`. */
    request_id?: string;
    details?: ErrorDetails;
  };
}

export function envelope(
  code: DomainErrorCode,
  message: string,
  details?: ErrorDetails | null,
): ErrorEnvelope {
  return { error: { message, code, ...(details && { details }) } };
}

/** The envelope naming this response's request id, in the documented key order. */
export function withRequestId({ error }: ErrorEnvelope, requestId: string): ErrorEnvelope {
  const { message, code, details } = error;
  return { error: { message, code, request_id: requestId, ...(details && { details }) } };
}

/**
 * An error body already in the envelope (from any route: the API, /inbound, the root handlers)
 * gets the request id; anything else passes unchanged.
 */
export function stampRequestId(payload: unknown, requestId: string): unknown {
  if (typeof payload !== 'string' || !payload.startsWith('{"error":')) return payload;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return payload;
  }
  return isEnvelope(body) ? JSON.stringify(withRequestId(body, requestId)) : payload;
}

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
  const shaped = body as
    | { message?: unknown; data?: { driftCode?: DomainErrorCode; details?: ErrorDetails | null } }
    | undefined;
  const code = shaped?.data?.driftCode ?? DOMAIN_CODE_OF_STATUS[status] ?? 'INTERNAL_ERROR';
  const message =
    code !== 'INTERNAL_ERROR' && typeof shaped?.message === 'string'
      ? shaped.message
      : 'An unexpected error occurred';
  const details = code !== 'INTERNAL_ERROR' ? shaped?.data?.details : undefined;
  return { status: HTTP_STATUS[code], body: envelope(code, message, details) };
}

/** Errors Fastify raises before any procedure runs: body parsing, content types, limits. */
export function fastifyErrorEnvelope(error: FastifyError): { status: number; body: ErrorEnvelope } {
  if (isConnectionError(error)) {
    return {
      status: 503,
      body: envelope('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly'),
    };
  }
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
    const code = DOMAIN_CODE_OF_STATUS[error.statusCode] ?? 'VALIDATION_ERROR';
    return { status: HTTP_STATUS[code], body: envelope(code, error.message) };
  }
  // A database error that is the client's fault (a NUL in the text, say) maps as it does in procedures.
  const mapped = restErrorOf(toTRPCError(error));
  if (mapped.status < 500) return { status: mapped.status, body: envelope(mapped.code, mapped.message) };
  return { status: 500, body: envelope('INTERNAL_ERROR', 'An unexpected error occurred') };
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (a URL or headers over 16 KB,
 * a malformed request line); Fastify's default answer there is its own JSON shape with 431/408.
 * The envelope holds for those too, as a documented 400 VALIDATION_ERROR; the connection closes.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'Request URL or headers are too large'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'Request timed out'
        : 'Malformed HTTP request';
  const body = JSON.stringify(envelope('VALIDATION_ERROR', message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Deeper than any body of the API; tRPC re-serialises bodies recursively and overflows near 5000. */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests arrays/objects deeper than `max` (iterative: no stack to blow). */
export function jsonDepthExceeds(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
