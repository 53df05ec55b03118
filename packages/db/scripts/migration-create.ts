// pnpm --filter @drift/db migration:create <name>   (root: pnpm db:migration:create <name>)
// Diffs prisma/migrations against prisma/schema.prisma and writes the next migration folder.
// Raw SQL that Prisma cannot express (exclusion constraints, checks) is added to the file by hand.
import { relative } from 'node:path';
import { createMigration } from '../src/create-migration.ts';

const name = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (!name) {
  console.error('usage: pnpm db:migration:create <name>');
  process.exit(2);
}

try {
  const result = await createMigration(name);
  if (!result.created) {
    console.log('no changes: schema.prisma matches the migrations');
  } else {
    console.log(`created ${relative(process.cwd(), result.folder)}/migration.sql\n\n${result.sql}`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
