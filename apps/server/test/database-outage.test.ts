import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildTenant, type TenantRows } from '@drift/api/testing';
import { InMemoryRateLimiter } from '@drift/core';
import { type Database, openDatabase } from '@drift/db';
import { usesPostgres } from '@drift/db/testing';
import { systemClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { freePort } from './support/http.ts';

const VERSION = '15';
const CLUSTER = `drift_outage_${process.pid}`;
const canManageClusters = process.getuid?.() === 0 && existsSync('/usr/bin/pg_createcluster');

const cluster = (...args: string[]) => execFileSync(args[0] ?? '', args.slice(1), { stdio: 'pipe' });

// A PostgreSQL cluster of its own, stopped and started under load: never the shared one.
describe.skipIf(!usesPostgres() || !canManageClusters)('PostgreSQL going away and coming back', () => {
  let database: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  let tenant: TenantRows;

  beforeAll(async () => {
    const port = await freePort();
    cluster(
      'pg_createcluster',
      VERSION,
      CLUSTER,
      '-p',
      String(port),
      '--',
      '--auth-local=trust',
      '--auth-host=trust',
    );
    cluster('pg_ctlcluster', VERSION, CLUSTER, 'start');
    database = await openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/postgres` });
    app = await buildServer({
      prisma: database.prisma,
      clock: systemClock,
      rateLimiter: new InMemoryRateLimiter(1e9, 60_000),
      adminToken: 'drift_admin_outage_test_token_0123456789',
      mailer: createMailTransport({ outboxDir: '/tmp/drift-outage-outbox' }),
      logLevel: 'silent',
      pingDatabase: async () => {
        await database.prisma.$queryRaw`SELECT 1`;
      },
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    tenant = await buildTenant(database.prisma);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (canManageClusters && usesPostgres()) cluster('pg_dropcluster', '--stop', VERSION, CLUSTER);
  });

  let day = 0;
  async function createSession() {
    day += 2;
    const start = new Date(Date.now() + day * 86_400_000);
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/ooo-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        start_date: start.toISOString(),
        end_date: new Date(start.getTime() + 86_400_000).toISOString(),
      }),
    });
    const body = (await response.json()) as { id?: string; error?: { code: string; message: string } };
    return { status: response.status, body, ms: performance.now() - started, start: start.toISOString() };
  }

  it('answers 503 fast in the envelope while it is down, serves again by itself, and loses no acknowledged write', async () => {
    const acknowledged: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await createSession();
      expect(r.status).toBe(201);
      acknowledged.push(r.body.id ?? '');
    }

    cluster('pg_ctlcluster', VERSION, CLUSTER, 'stop', '-m', 'immediate');
    for (let i = 0; i < 5; i++) {
      const r = await createSession();
      expect(r.status).toBe(503);
      expect(r.body).toEqual({
        error: {
          message: 'The database is unavailable; try again shortly',
          code: 'SERVICE_UNAVAILABLE',
          request_id: expect.any(String),
        },
      });
      expect(r.ms).toBeLessThan(6_000);
    }
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(503);

    cluster('pg_ctlcluster', VERSION, CLUSTER, 'start');
    const deadline = Date.now() + 30_000;
    let back = false;
    while (!back && Date.now() < deadline) {
      back = (await fetch(`${baseUrl}/healthz`)).status === 200;
      if (!back) await new Promise((r) => setTimeout(r, 200));
    }
    expect(back).toBe(true);
    for (let i = 0; i < 10; i++) {
      const r = await createSession();
      expect(r.status).toBe(201);
      acknowledged.push(r.body.id ?? '');
    }

    const stored = await database.prisma.oooSession.findMany({ where: { accountId: tenant.accountId } });
    const storedIds = new Set(stored.map((s) => s.id));
    expect(acknowledged.filter((id) => !storedIds.has(id))).toEqual([]);
    expect(new Set(stored.map((s) => s.startDate.toISOString())).size).toBe(stored.length);
  }, 120_000);
});
