// adapter-pg over a pool we own (so that we decide when it ends).
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';

/**
 * adapter-pg is typed against a newer @types/pg than the catalog pins; both describe the same
 * pg 8.23 at run time, hence the cast.
 */
export function pgAdapterFactory(pool: pg.Pool): PrismaPg {
  return new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0]);
}
