// A driver adapter factory for the schema engine over PGlite. It fixes two things of the stock
// pglite-prisma-adapter factory that matter for migrations:
// - its executeScript does not await the script, so a failing migration would count as applied;
// - its shadow database (used by `diff`) has no extensions, so btree_gist would be missing.
import type { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createPGlite } from './pglite.ts';

export interface PGliteMigrationFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Closes the shadow databases this factory opened (the main client is left open). */
  closeShadows(): Promise<void>;
}

export function pgliteMigrationFactory(client: PGlite): PGliteMigrationFactory {
  const shadows: PGlite[] = [];
  const wrap = async (db: PGlite): Promise<SqlDriverAdapter> => {
    const adapter = (await new PrismaPGlite(db).connect()) as unknown as SqlDriverAdapter & {
      onError(err: unknown): never;
    };
    adapter.executeScript = async (script: string) => {
      try {
        await db.exec(script);
      } catch (err) {
        adapter.onError(err);
      }
    };
    return adapter;
  };
  return {
    provider: 'postgres',
    adapterName: '@drift/db-pglite-migrate',
    connect: () => wrap(client),
    connectToShadowDb: async () => {
      const shadow = await createPGlite();
      shadows.push(shadow);
      return wrap(shadow);
    },
    closeShadows: async () => {
      await Promise.all(shadows.splice(0).map((db) => db.close()));
    },
  };
}
