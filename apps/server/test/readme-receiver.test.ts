// The webhook receiver the README shows, run exactly as written: it must accept Drift's signed
// deliveries and refuse a forged one.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueueWebhookEvent, generateWebhookSecret, startWebhookWorker } from '@drift/core';
import { findWorkspaceRoot } from '@drift/db';
import { newId } from '@drift/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from './support/fixture.ts';

const fixture = useTestServer({ mailbox: true });
const secret = generateWebhookSecret();
let dir: string;
let port: number;
let receiver: ChildProcess;
let output = '';

async function readmeReceiver(): Promise<string> {
  const readme = await readFile(join(findWorkspaceRoot(), 'README.md'), 'utf8');
  const code = /A receiver in Node[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error('README.md shows no ```js receiver after "A receiver in Node"');
  return code;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
}

async function listening(): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (receiver.exitCode !== null) throw new Error(`the README receiver exited:\n${output}`);
    if (
      await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the README receiver did not listen:\n${output}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drift-readme-receiver-'));
  await writeFile(join(dir, 'receiver.mjs'), await readmeReceiver());
  // The package as a user installs it: resolved from a node_modules beside the file.
  await symlink(join(findWorkspaceRoot(), 'apps/server/node_modules'), join(dir, 'node_modules'), 'dir');
  port = await freePort();
  receiver = spawn(process.execPath, ['receiver.mjs'], {
    cwd: dir,
    env: { ...process.env, DRIFT_WEBHOOK_SECRET: secret, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  receiver.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  receiver.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  await listening();
});

afterAll(async () => {
  receiver?.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the README webhook receiver', () => {
  it('accepts a delivery signed by Drift and prints its id and type', async () => {
    const { server, mailbox } = fixture;
    const webhook = await server.prisma.webhook.create({
      data: {
        id: newId('wh'),
        accountId: mailbox.accountId,
        url: `http://127.0.0.1:${port}/`,
        events: ['email.urgent'],
        secret,
      },
    });
    const worker = startWebhookWorker(
      { prisma: server.prisma, clock: server.clock, mailer: server.mailer },
      { allowPrivate: true },
    );
    try {
      const [deliveryId] = await enqueueWebhookEvent(server, {
        accountId: mailbox.accountId,
        type: 'webhook.test',
        webhookId: webhook.id,
        data: { webhook_id: webhook.id },
      });
      await worker.drain();
      const attempts = await server.prisma.webhookAttempt.findMany({ where: { deliveryId } });
      expect(attempts.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([[204, null]]);
      await expect.poll(() => output).toContain(`${deliveryId} webhook.test`);
    } finally {
      await worker.stop();
    }
  });

  it('refuses a body whose signature does not match', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}`,
      },
      body: JSON.stringify({ type: 'email.urgent', timestamp: new Date().toISOString(), data: {} }),
    });
    expect(response.status).toBe(400);
  });
});
