export {
  type Account,
  type ApiKey,
  type AppState,
  type AutoReply,
  type Email,
  type EmailCategory,
  type OooSession,
  type Plan,
  type Playbook,
  Prisma,
  type PrismaClient,
} from './client.ts';
export { isConnectionError, isExclusionViolation, isUniqueViolation } from './errors.ts';
export { type MigrateOptions, type MigrationTarget, migrate } from './migrate.ts';
export { type Database, type OpenDatabaseOptions, openDatabase } from './open-database.ts';
export { findWorkspaceRoot, resolveDataDir } from './paths.ts';
