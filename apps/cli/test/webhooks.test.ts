import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, onlyJson, type SpawnedServer, startServer } from './support.ts';

// `pnpm drift webhooks ...` against a spawned server that may call a receiver on loopback
// (DRIFT_WEBHOOK_PRIVATE_HOSTS=allow, as an operator would set for an internal receiver).

let server: SpawnedServer;
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

const drift = (...args: string[]) => server.drift(...args);

let accounts = 0;
async function account(plan: 'free' | 'team_growth'): Promise<string> {
  accounts += 1;
  const email = `hooks-${accounts}@example.com`;
  const created = onlyJson(
    await drift('accounts', 'create', '--name', 'Hooks', '--email', email, '--plan', plan, '--json'),
  );
  return String(created.id);
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const { port } = receiver.address() as { port: number };
  receiverUrl = `http://127.0.0.1:${port}/hook`;
  server = await startServer({ DRIFT_WEBHOOK_PRIVATE_HOSTS: 'allow' });
});

afterAll(async () => {
  await server?.close();
  await new Promise((done) => receiver?.close(done));
});

describe('pnpm drift webhooks', () => {
  it('creates, lists, tests, shows the delivery attempts of, and deletes a webhook', async () => {
    const accountId = await account('team_growth');
    const created = onlyJson(
      await drift(
        'webhooks',
        'create',
        '--account',
        accountId,
        '--url',
        receiverUrl,
        '--events',
        'email.urgent, playbook.ready',
        '--description',
        'ops bot',
        '--json',
      ),
    );
    expect(created).toEqual({
      id: expect.stringMatching(/^wh_/),
      url: receiverUrl,
      events: ['email.urgent', 'playbook.ready'],
      description: 'ops bot',
      format: 'standard',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
      created_at: expect.any(String),
    });
    const id = String(created.id);

    const listed = onlyJson(await drift('webhooks', 'list', '--account', accountId, '--json'));
    expect(listed.data).toEqual([expect.objectContaining({ id, disabled_at: null })]);
    expect(JSON.stringify(listed)).not.toContain(String(created.secret));
    const human = await drift('webhooks', 'list', '--account', accountId);
    expect(human.stdout).toContain(receiverUrl);
    expect(human.stdout).toContain('enabled');

    const queued = onlyJson(await drift('webhooks', 'test', id, '--json'));
    expect(queued).toEqual({ id: expect.stringMatching(/^msg_/), type: 'webhook.test', queued: true });

    // The delivery worker sends it to the receiver; its attempt shows in the log.
    const deadline = Date.now() + 20_000;
    let attempts: Record<string, unknown>[] = [];
    while (Date.now() < deadline) {
      attempts = onlyJson(await drift('webhooks', 'deliveries', id, '--json')).data as Record<
        string,
        unknown
      >[];
      if (attempts.length > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(attempts[0]).toMatchObject({
      delivery_id: queued.id,
      event: 'webhook.test',
      status_code: 204,
      error: null,
    });
    expect(received.at(-1)?.headers['webhook-id']).toBe(queued.id);
    expect(JSON.parse(received.at(-1)?.body ?? '{}')).toMatchObject({ type: 'webhook.test' });
    expect((await drift('webhooks', 'deliveries', id)).stdout).toContain('webhook.test');

    expect(onlyJson(await drift('webhooks', 'delete', id, '--json'))).toEqual({ id, deleted: true });
    expect(errorOf(await drift('webhooks', 'test', id, '--json'))).toEqual({
      code: 'NOT_FOUND',
      message: 'Webhook not found',
    });
  });

  it.each([
    [['--events', 'email.urgent,email.deleted'], 'VALIDATION_ERROR', 1, /events\.1 must be one of/],
    [['--events', ''], 'USAGE_ERROR', 2, /--events is required/],
    [
      ['--events', 'email.urgent', '--format', 'teams'],
      'USAGE_ERROR',
      2,
      /--format must be one of standard, slack/,
    ],
  ])('refuses %j: %s', async (args, code, exitCode, message) => {
    const accountId = await account('team_growth');
    const result = await drift(
      'webhooks',
      'create',
      '--account',
      accountId,
      '--url',
      receiverUrl,
      ...args,
      '--json',
    );
    expect(result.code).toBe(exitCode);
    expect(errorOf(result)).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('refuses a free account: webhooks are a Team Growth feature', async () => {
    const accountId = await account('free');
    const result = await drift(
      'webhooks',
      'create',
      '--account',
      accountId,
      '--url',
      'https://hooks.example.com/x',
      '--events',
      'email.urgent',
      '--json',
    );
    expect(result.code).toBe(1);
    expect(errorOf(result)).toEqual({
      code: 'FEATURE_NOT_AVAILABLE',
      message: 'Webhooks require the Team Growth plan',
    });
  });
});
