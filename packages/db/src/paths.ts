// Where the Prisma schema and migrations of this package live, and where the repository root is.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaPath = join(packageDir, 'prisma', 'schema.prisma');
export const migrationsDir = join(packageDir, 'prisma', 'migrations');

/** The monorepo root: the nearest folder above this package holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(from: string = packageDir): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}

/**
 * Resolves a data directory setting such as DRIFT_DATA_DIR: absolute paths stay as they are,
 * relative ones (and the default `./.drift`) are taken relative to `base`, by default the
 * repository root, so that every package resolves the same folder whatever its working directory.
 */
export function resolveDataDir(dir: string | undefined, base: string = findWorkspaceRoot()): string {
  const value = dir && dir.trim() !== '' ? dir : './.drift';
  return isAbsolute(value) ? value : resolve(base, value);
}
