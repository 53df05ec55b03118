import { DOMAIN_ERROR_CODES, DomainError, HTTP_STATUS } from '@drift/domain';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { domainError, errorDetailsOf, restErrorOf, toTRPCError } from './errors.ts';

describe('error mapping', () => {
  it.each(DOMAIN_ERROR_CODES)('%s keeps its code, status and message from domain to REST', (code) => {
    const rest = restErrorOf(toTRPCError(new DomainError(code, `it was ${code}`)));
    expect(rest).toEqual({
      code,
      status: HTTP_STATUS[code],
      message: code === 'INTERNAL_ERROR' ? 'An unexpected error occurred' : `it was ${code}`,
    });
  });

  it('unwraps a DomainError that tRPC wrapped as an internal error', () => {
    const wrapped = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: new DomainError('NOT_FOUND', 'gone'),
    });
    expect(restErrorOf(toTRPCError(wrapped))).toEqual({ code: 'NOT_FOUND', status: 404, message: 'gone' });
  });

  it('never lets an unexpected error’s message reach the client', () => {
    const rest = restErrorOf(toTRPCError(new Error('relation "accounts" does not exist at /srv/db.ts:12')));
    expect(rest).toEqual({ code: 'INTERNAL_ERROR', status: 500, message: 'An unexpected error occurred' });
  });

  it.each([
    ['PARSE_ERROR', 'VALIDATION_ERROR', 400, 'm'],
    // trpc-to-openapi's own wording (with an unbalanced quote) is replaced by ours.
    ['UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_ERROR', 400, 'Content-Type must be application/json'],
    ['NOT_FOUND', 'NOT_FOUND', 404, 'm'],
    ['PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE', 413, 'm'],
  ] as const)('tRPC’s own %s becomes %s', (trpcCode, code, status, message) => {
    expect(restErrorOf(new TRPCError({ code: trpcCode, message: 'm' }))).toEqual({ code, status, message });
  });

  it('domainError carries our code for the REST layer', () => {
    const error = domainError('INSUFFICIENT_SCOPE', 'API key lacks required scope: read:ooo');
    expect(error.code).toBe('FORBIDDEN');
    expect(restErrorOf(error)).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      status: 403,
      message: 'API key lacks required scope: read:ooo',
    });
  });
});

describe('error details', () => {
  it('survive the mapping to the client’s error', () => {
    const details = { conflicting_session: { id: 'sess_x', start_date: 'a', end_date: 'b' } };
    const wrapped = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: new DomainError('CONFLICT', 'Overlaps', { details }),
    });
    expect(errorDetailsOf(toTRPCError(wrapped))).toEqual(details);
  });

  it.each([
    ['a DomainError without details', toTRPCError(new DomainError('NOT_FOUND', 'gone'))],
    ['tRPC’s own error', new TRPCError({ code: 'NOT_FOUND', message: 'm' })],
    ['an unexpected error', toTRPCError(new Error('boom'))],
  ])('are null for %s', (_label, error) => {
    expect(errorDetailsOf(error)).toBeNull();
  });
});
