import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAccount, buildTenant } from '@drift/api/testing';
import { createTestDatabase, type TestDatabase, usesPostgres } from '@drift/db/testing';
import { newId } from '@drift/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/http.ts';
import { type SmtpSink, startSmtpSink } from './support/smtp.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const ADMIN_TOKEN = 'drift_admin_multi_instance_token_0123456789';

/** A zone whose wall clock is past 06:00 now, so that a return date of today is due at once. */
function zonePastSixNow(): string {
  const zones = [
    'Pacific/Kiritimati',
    'Asia/Tokyo',
    'Asia/Kolkata',
    'Europe/Paris',
    'UTC',
    'America/New_York',
    'Pacific/Honolulu',
    'Pacific/Pago_Pago',
  ];
  const hourIn = (zone: string) =>
    Number(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(
        new Date(),
      ),
    );
  const zone = zones.find((z) => hourIn(z) >= 7 && hourIn(z) <= 22);
  if (!zone) throw new Error('no zone past 06:00: impossible with offsets from -11 to +14');
  return zone;
}

interface Instance {
  baseUrl: string;
  process: ChildProcess;
  output: string[];
  dataDir: string;
}

async function startInstance(databaseUrl: string, smtpUrl: string): Promise<Instance> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'drift-instance-'));
  const output: string[] = [];
  const child = spawn('pnpm', ['--silent', 'serve'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      DRIFT_DATA_DIR: dataDir,
      DRIFT_ADMIN_TOKEN: ADMIN_TOKEN,
      DRIFT_SCHEDULER_INTERVAL_MS: '300',
      LOG_LEVEL: 'warn',
    },
  });
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await new Promise((r) => setTimeout(r, 500));
      throw new Error(`instance exited with ${child.exitCode}:\n${output.join('')}`);
    }
    if (Date.now() > deadline) throw new Error(`instance not healthy:\n${output.join('')}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return { baseUrl: `http://127.0.0.1:${port}`, process: child, output, dataDir };
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.process.pid && instance.process.exitCode === null) {
    const exited = new Promise((r) => instance.process.once('exit', r));
    process.kill(-instance.process.pid, 'SIGTERM');
    await exited;
  }
  await rm(instance.dataDir, { recursive: true, force: true });
}

describe.skipIf(!usesPostgres())('two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let smtp: SmtpSink;
  const instances: Instance[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await Promise.all(instances.map(stopInstance));
    await smtp?.close();
    await database?.close();
  });

  it('build one playbook and send one delivery email for a session that completes while both run', async () => {
    const { prisma } = database;
    const { id: accountId } = await buildAccount(prisma, {
      name: 'Alex Morgan',
      email: 'alex@acme.test',
      timezone: zonePastSixNow(),
    });
    const url = database.databaseUrl ?? '';
    instances.push(...(await Promise.all([startInstance(url, smtp.url), startInstance(url, smtp.url)])));

    const now = Date.now();
    const sessionId = newId('sess');
    await prisma.oooSession.create({
      data: {
        id: sessionId,
        accountId,
        startDate: new Date(now - 3_600_000),
        endDate: new Date(now + 2_000),
        returnDate: new Date(now + 2_000),
      },
    });

    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const delivered = await prisma.playbook.findFirst({ where: { sessionId, deliveredAt: { not: null } } });
      if (delivered) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Several more ticks of both instances: nothing may happen twice.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await prisma.playbook.count({ where: { sessionId } })).toBe(1);
    const playbookMails = smtp.received.filter((mail) => /return playbook/i.test(mail.parsed.subject));
    expect(playbookMails).toHaveLength(1);
    expect(playbookMails[0]?.rcptTo).toEqual(['alex@acme.test']);
  });

  it('100 concurrent overlapping creates spread over both instances: exactly one succeeds', async () => {
    const { prisma } = database;
    const { accountId, key } = await buildTenant(prisma);
    const start = Date.now() + 30 * 86_400_000;
    const statuses = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        // Every body differs a little (the windows all overlap), so nothing could be deduplicated.
        const response = await fetch(`${instances[i % 2]?.baseUrl}/api/v1/ooo-sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            start_date: new Date(start + i * 60_000).toISOString(),
            end_date: new Date(start + 86_400_000 + i * 60_000).toISOString(),
          }),
        });
        return response.status;
      }),
    );
    // The shared rate limit is per instance here (no Redis): 50 requests each stay under 100.
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    expect(await prisma.oooSession.count({ where: { accountId } })).toBe(1);
  });
});
