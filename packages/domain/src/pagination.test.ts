import { describe, expect, it } from 'vitest';
import { catchDomainError } from './domain-error.test-util.ts';
import { assertPage, PAGE_LIMIT_MAX, pageInfo } from './pagination.ts';

const LIMIT_MESSAGE = 'limit must be an integer between 1 and 100';
const OFFSET_MESSAGE = `offset must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}`;

describe('assertPage', () => {
  it('caps limit at 100', () => {
    expect(PAGE_LIMIT_MAX).toBe(100);
  });

  it.each([1, 2, 50, 100])('accepts limit %s', (limit) => {
    expect(() => assertPage({ limit, offset: 0 })).not.toThrow();
  });

  it.each([0, -1, 101, 1.5, 99.9, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'rejects limit %s',
    (limit) => {
      const e = catchDomainError(() => assertPage({ limit, offset: 0 }));
      expect(e.code).toBe('VALIDATION_ERROR');
      expect(e.message).toBe(LIMIT_MESSAGE);
    },
  );

  it.each([0, 1, 100, 1_000_000, Number.MAX_SAFE_INTEGER])('accepts offset %s', (offset) => {
    expect(() => assertPage({ limit: 10, offset })).not.toThrow();
  });

  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, 1e300])(
    'rejects offset %s',
    (offset) => {
      const e = catchDomainError(() => assertPage({ limit: 10, offset }));
      expect(e.code).toBe('VALIDATION_ERROR');
      expect(e.message).toBe(OFFSET_MESSAGE);
    },
  );
});

describe('pageInfo', () => {
  it.each([
    [0, 10, 0, false],
    [10, 10, 0, false],
    [11, 10, 0, true],
    [11, 10, 1, false],
    [25, 10, 10, true],
    [25, 10, 20, false],
    [5, 10, 100, false],
  ])('total %i, limit %i, offset %i -> has_more %s', (total, limit, offset, hasMore) => {
    expect(pageInfo(total, { limit, offset })).toEqual({ total, limit, offset, has_more: hasMore });
  });
});
