import { type DomainError, isDomainError } from './errors.ts';

/** Runs fn and returns the DomainError it throws; anything else (including no throw) fails the test. */
export function catchDomainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('Expected a DomainError to be thrown, but nothing was thrown');
}
