import { describe, expect, it } from 'vitest';
import { DOMAIN_ERROR_CODES, DomainError, HTTP_STATUS, isDomainError } from './errors.ts';

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
