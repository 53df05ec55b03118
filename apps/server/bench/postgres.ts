import { type Database, openDatabase } from '@drift/db';
import pg from 'pg';

/** A fresh, empty database on the given PostgreSQL server for one benchmark run, dropped afterwards. */
export async function withPostgresUrl<T>(
  serverUrl: string,
  run: (databaseUrl: string) => Promise<T>,
): Promise<T> {
  const name = `drift_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** `withPostgresUrl`, opened (and migrated) in this process. */
export function withPostgres<T>(serverUrl: string, run: (database: Database) => Promise<T>): Promise<T> {
  return withPostgresUrl(serverUrl, async (databaseUrl) => {
    const database = await openDatabase({ databaseUrl });
    try {
      return await run(database);
    } finally {
      await database.close();
    }
  });
}
