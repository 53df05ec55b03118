import type { DomainErrorCode } from '@drift/domain';
import { expect } from 'vitest';
import type { ApiResponse } from './server.ts';

export const SESSION_ID = /^sess_[0-9A-Za-z]{20}$/;
export const EMAIL_ID = /^em_[0-9A-Za-z]{20}$/;
export const PLAYBOOK_ID = /^pb_[0-9A-Za-z]{20}$/;
export const KEY_ID = /^key_[0-9A-Za-z]{20}$/;
/** ISO 8601 UTC with milliseconds, the only timestamp format on the wire. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const anySessionId = () => expect.stringMatching(SESSION_ID);
export const anyIso = () => expect.stringMatching(ISO_MS);

/**
 * The error body of the reference plus its optional fields (`request_id`, the response's
 * X-Request-Id, and `details`), in that order, and nothing else (no stack, no tRPC fields).
 */
export function assertErrorEnvelopeShape(response: ApiResponse, what: string): void {
  const body = response.body;
  const problem = (reason: string) =>
    new Error(
      `${what} answered ${response.status} with a body that is not the error envelope (${reason}): ${response.text}`,
    );
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw problem('not a JSON object');
  if (Object.keys(body).join() !== 'error') throw problem('top-level keys must be exactly ["error"]');
  const error = body.error;
  if (typeof error !== 'object' || error === null) throw problem('error is not an object');
  // The request id is on every answer that has one (Node's own refusals of a request have none).
  const requestId = response.headers.get('x-request-id');
  const keys = [
    'message',
    'code',
    ...(requestId ? ['request_id'] : []),
    ...('details' in error ? ['details'] : []),
  ];
  if (Object.keys(error).join() !== keys.join())
    throw problem(`error keys must be exactly ${keys.join(', ')}`);
  if (typeof error.message !== 'string' || typeof error.code !== 'string')
    throw problem('message and code are strings');
  if (requestId && error.request_id !== requestId) throw problem('request_id is not the X-Request-Id header');
  if ('details' in error && (typeof error.details !== 'object' || error.details === null))
    throw problem('details, when present, is an object');
  if (/\bstack\b|\n\s+at /.test(response.text)) throw problem('it carries a stack');
}

/** Status, exact envelope, and a JSON content type. */
export function expectError(
  response: ApiResponse,
  status: number,
  code: DomainErrorCode,
  message?: string | RegExp,
): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  assertErrorEnvelopeShape(response, 'response');
  if (typeof message === 'string') expect(response.body.error.message).toBe(message);
  else if (message) expect(response.body.error.message).toMatch(message);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
}

/** An error body without its request id, to compare two answers that differ only in the request. */
export function withoutRequestId(body: { error: Record<string, unknown> }): {
  error: Record<string, unknown>;
} {
  const { request_id: _requestId, ...error } = body.error;
  return { error };
}

/** X-RateLimit-Limit/Remaining/Reset are present and numeric; returns them. */
export function rateLimitHeaders(response: ApiResponse): { limit: number; remaining: number; reset: number } {
  const read = (name: string) => {
    const value = response.headers.get(name);
    expect(value, `${name} header`).toMatch(/^\d+$/);
    return Number(value);
  };
  return {
    limit: read('x-ratelimit-limit'),
    remaining: read('x-ratelimit-remaining'),
    reset: read('x-ratelimit-reset'),
  };
}

/** The value, or a failed test saying what was missing (instead of a non-null assertion). */
export function defined<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be present`);
  return value;
}
