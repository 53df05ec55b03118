import { type Database, openDatabase } from '@drift/db';
import pg from 'pg';

/** A fresh database on the given PostgreSQL server for one benchmark run, dropped afterwards. */
export async function withPostgres<T>(
  serverUrl: string,
  run: (database: Database) => Promise<T>,
): Promise<T> {
  const name = `drift_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  try {
    return await run(database);
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
