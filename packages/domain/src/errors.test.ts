import { describe, expect, it } from 'vitest';
import {
  DOMAIN_CODE_OF_STATUS,
  DOMAIN_CODE_OF_TRPC,
  DOMAIN_ERROR_CODES,
  DomainError,
  ERROR_TABLE,
  fieldDetails,
  HTTP_STATUS,
  isDomainError,
} from './errors.ts';

describe('ERROR_TABLE', () => {
  it.each(DOMAIN_ERROR_CODES)('%s has an error status and a tRPC code', (code) => {
    const { status, trpc } = ERROR_TABLE[code];
    expect(Number.isInteger(status) && status >= 400 && status <= 599).toBe(true);
    expect(trpc).toMatch(/^[A-Z_]+$/);
  });

  it.each(DOMAIN_ERROR_CODES)('%s maps back from its status and tRPC code to a code with both', (code) => {
    const { status, trpc } = ERROR_TABLE[code];
    const fromStatus = DOMAIN_CODE_OF_STATUS[status];
    const fromTrpc = DOMAIN_CODE_OF_TRPC[trpc];
    expect(fromStatus && ERROR_TABLE[fromStatus]).toEqual({ status, trpc });
    expect(fromTrpc && ERROR_TABLE[fromTrpc]).toEqual({ status, trpc });
  });
});

describe('HTTP_STATUS', () => {
  it.each([
    ['VALIDATION_ERROR', 400],
    ['UNAUTHORIZED', 401],
    ['INVALID_API_KEY', 401],
    ['INSUFFICIENT_SCOPE', 403],
    ['FEATURE_NOT_AVAILABLE', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['RATE_LIMIT_EXCEEDED', 429],
    ['INTERNAL_ERROR', 500],
    ['SERVICE_UNAVAILABLE', 503],
  ] as const)('maps %s to %i', (code, status) => {
    expect(HTTP_STATUS[code]).toBe(status);
  });

  it('has exactly one entry per code', () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...DOMAIN_ERROR_CODES].sort());
    expect(DOMAIN_ERROR_CODES).toHaveLength(11);
  });

  it.each(DOMAIN_ERROR_CODES)('agrees with the table for %s', (code) => {
    expect(HTTP_STATUS[code]).toBe(ERROR_TABLE[code].status);
  });
});

describe('DOMAIN_CODE_OF_TRPC', () => {
  it('maps shared tRPC codes to the first code and tRPC’s own failures to ours', () => {
    expect(DOMAIN_CODE_OF_TRPC).toEqual({
      BAD_REQUEST: 'VALIDATION_ERROR',
      PARSE_ERROR: 'VALIDATION_ERROR',
      UNSUPPORTED_MEDIA_TYPE: 'VALIDATION_ERROR',
      UNPROCESSABLE_CONTENT: 'VALIDATION_ERROR',
      METHOD_NOT_SUPPORTED: 'NOT_FOUND',
      UNAUTHORIZED: 'UNAUTHORIZED',
      FORBIDDEN: 'INSUFFICIENT_SCOPE',
      NOT_FOUND: 'NOT_FOUND',
      CONFLICT: 'CONFLICT',
      PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
      TOO_MANY_REQUESTS: 'RATE_LIMIT_EXCEEDED',
      INTERNAL_SERVER_ERROR: 'INTERNAL_ERROR',
      SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
    });
  });
});

describe('DOMAIN_CODE_OF_STATUS', () => {
  it('maps shared statuses to the first code, 405 to NOT_FOUND and 415 to VALIDATION_ERROR', () => {
    expect(DOMAIN_CODE_OF_STATUS).toEqual({
      400: 'VALIDATION_ERROR',
      401: 'UNAUTHORIZED',
      403: 'INSUFFICIENT_SCOPE',
      404: 'NOT_FOUND',
      405: 'NOT_FOUND',
      409: 'CONFLICT',
      413: 'PAYLOAD_TOO_LARGE',
      415: 'VALIDATION_ERROR',
      429: 'RATE_LIMIT_EXCEEDED',
      500: 'INTERNAL_ERROR',
      503: 'SERVICE_UNAVAILABLE',
    });
  });
});

describe('DomainError', () => {
  it('carries code, message and name and is an Error', () => {
    const e = new DomainError('NOT_FOUND', 'Session not found');
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('Session not found');
    expect(e.name).toBe('DomainError');
    expect(String(e)).toBe('DomainError: Session not found');
  });

  it('has no details unless given some', () => {
    expect(new DomainError('NOT_FOUND', 'Session not found').details).toBeUndefined();
  });

  it('carries details beside its cause', () => {
    const cause = new Error('x');
    const details = fieldDetails('end_date', 'end_date must be after start_date');
    const e = new DomainError('VALIDATION_ERROR', 'end_date must be after start_date', { cause, details });
    expect(e.details).toEqual({
      fields: [{ field: 'end_date', message: 'end_date must be after start_date' }],
    });
    expect(e.cause).toBe(cause);
  });

  it('keeps a cause when given one', () => {
    const cause = new Error('db down');
    expect(new DomainError('SERVICE_UNAVAILABLE', 'Try again', { cause }).cause).toBe(cause);
  });
});

describe('isDomainError', () => {
  it.each([
    ['a DomainError', new DomainError('CONFLICT', 'x'), true],
    ['a plain Error', new Error('x'), false],
    ['a look-alike object', { name: 'DomainError', code: 'CONFLICT', message: 'x' }, false],
    ['null', null, false],
    ['a string', 'DomainError', false],
  ])('%s -> %s', (_label, value, expected) => {
    expect(isDomainError(value)).toBe(expected);
  });
});
