// adapter-pg over a pool we own (so that we decide when it ends).
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type pg from 'pg';

/**
 * adapter-pg is typed against a newer @types/pg than the catalog pins; both describe the same
 * pg 8.23 at run time, hence the cast.
 */
export function pgAdapterFactory(pool: pg.Pool): PrismaPg {
  return new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0]);
}

/**
 * The factory the schema engine migrates through. adapter-pg's executeScript splits a script on
 * every `;` and runs the pieces one by one, which breaks a function body in dollar quotes and
 * commits each statement on its own; this one sends the whole script as one simple query, which
 * PostgreSQL runs in one implicit transaction (as PGlite's exec does).
 */
export function pgMigrationAdapterFactory(pool: pg.Pool): PrismaPg {
  const factory = pgAdapterFactory(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as unknown as SqlDriverAdapter & { onError(err: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (err) {
        adapter.onError(err);
      }
    };
    return adapter as unknown as Awaited<ReturnType<PrismaPg['connect']>>;
  };
  return factory;
}
