import { DomainError } from './errors.ts';

export const PAGE_LIMIT_MAX = 100;

export interface Page {
  limit: number;
  offset: number;
}

export function assertPage(page: Page): void {
  const { limit, offset } = page;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) {
    throw new DomainError('VALIDATION_ERROR', `limit must be an integer between 1 and ${PAGE_LIMIT_MAX}`);
  }
  // isSafeInteger also rejects NaN, ±Infinity, fractions and offsets beyond MAX_SAFE_INTEGER.
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new DomainError(
      'VALIDATION_ERROR',
      `offset must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}`,
    );
  }
}

export function pageInfo(
  total: number,
  page: Page,
): { total: number; limit: number; offset: number; has_more: boolean } {
  return {
    total,
    limit: page.limit,
    offset: page.offset,
    has_more: page.offset + page.limit < total,
  };
}
