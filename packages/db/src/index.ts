export * from './client.ts';
export { clientDataProblem, isConnectionError, isExclusionViolation, isUniqueViolation } from './errors.ts';
export { type MigrateOptions, type MigrationTarget, migrate } from './migrate.ts';
export { type Database, type OpenDatabaseOptions, openDatabase } from './open-database.ts';
export { findWorkspaceRoot, resolveDataDir } from './paths.ts';
