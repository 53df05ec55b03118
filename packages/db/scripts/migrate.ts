// pnpm --filter @drift/db migrate [--database-url URL] [--data-dir PATH]   (root: pnpm db:migrate)
// Applies pending migrations to DATABASE_URL when set, else to the PGlite database under
// DRIFT_DATA_DIR (default ./.drift). A relative data dir is resolved against the repository root,
// not the working directory (pnpm --filter runs scripts inside packages/db).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../src/migrate.ts';
import { resolveDataDir } from '../src/paths.ts';
import { createPGlite } from '../src/pglite.ts';

const { values } = parseArgs({
  // `pnpm db:migrate -- --data-dir x` hands the script a literal `--`: ignore it.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } },
});
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;

try {
  let applied: string[];
  if (databaseUrl) {
    console.log(`migrating PostgreSQL ${redact(databaseUrl)}`);
    applied = await migrate({ kind: 'postgres', databaseUrl });
  } else {
    const dataDir = resolveDataDir(values['data-dir'] ?? process.env.DRIFT_DATA_DIR);
    console.log(`migrating PGlite at ${join(dataDir, 'pglite')}`);
    const client = await createPGlite({ dataDir: join(dataDir, 'pglite') });
    try {
      applied = await migrate({ kind: 'pglite', client });
    } finally {
      await client.close();
    }
  }
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date: no pending migrations');
} catch (err) {
  console.error('migration failed:', err instanceof Error ? err.message : err);
  process.exit(1);
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
