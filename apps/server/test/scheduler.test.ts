import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase, usesPostgres } from '@drift/db/testing';
import { systemClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scheduler, startScheduler } from '../src/scheduler.ts';

describe.skipIf(!usesPostgres())('the scheduler on PostgreSQL', () => {
  let database: TestDatabase;
  let outboxDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    outboxDir = await mkdtemp(join(tmpdir(), 'drift-scheduler-'));
  });
  afterAll(async () => {
    await database?.close();
    await rm(outboxDir, { recursive: true, force: true });
  });

  it('starts on every one of eight instances that start together on a fresh database', async () => {
    const deps = {
      prisma: database.prisma,
      clock: systemClock,
      mailer: createMailTransport({ outboxDir }),
    };
    const starts = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        startScheduler({
          deps,
          databaseUrl: database.databaseUrl,
          intervalMs: 60_000,
          log: Fastify({ logger: false }).log,
        }),
      ),
    );
    const started = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    await Promise.all(started.map((scheduler: Scheduler) => scheduler.stop()));
    expect(
      starts.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason)),
    ).toEqual([]);
  });
});
