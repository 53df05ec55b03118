import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, onlyJson, type SpawnedServer, startServer } from './support.ts';

let server: SpawnedServer;
const drift = (...args: string[]) => server.drift(...args);

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

async function account(plan: 'free' | 'team_growth', email: string): Promise<string> {
  const created = onlyJson(
    await drift('accounts', 'create', '--name', 'R', '--email', email, '--plan', plan, '--json'),
  );
  return String(created.id);
}

describe('pnpm drift rules', () => {
  it('adds, lists, moves and removes an account’s rules', async () => {
    const id = await account('team_growth', 'rules@example.com');
    const vip = onlyJson(
      await drift(
        'rules',
        'add',
        id,
        '--name',
        'VIP clients',
        '--from-domain',
        '@Client.Example',
        '--category',
        'urgent',
        '--never-auto-reply',
        '--json',
      ),
    );
    expect(vip).toMatchObject({
      id: expect.stringMatching(/^rule_/),
      position: 1,
      name: 'VIP clients',
      enabled: true,
      conditions: [{ field: 'from_domain', value: 'client.example' }],
      actions: [{ type: 'set_category', category: 'urgent' }, { type: 'never_auto_reply' }],
    });
    const pager = await drift(
      'rules',
      'add',
      id,
      '--name',
      'Pager',
      '--header',
      'X-Pager: sev1',
      '--subject',
      'outage',
      '--min-urgency',
      '9',
      '--escalate',
      '--position',
      '1',
    );
    expect(pager.code, pager.stderr).toBe(0);
    expect(pager.stdout).toMatch(
      /^Added rule rule_\w+ “Pager” at position 1: if subject contains “outage” and header X-Pager contains “sev1”, then urgency at least 9, escalate\.$/m,
    );

    const listed = await drift('rules', 'list', id);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^#\s+ID\s+NAME\s+STATE\s+IF \(ALL\)\s+THEN$/);
    expect(lines[1]).toMatch(/^1\s+rule_\w+\s+Pager\s+on/);
    expect(lines[2]).toMatch(
      /^2\s+rule_\w+\s+VIP clients\s+on\s+from \*@client\.example \(or a subdomain\)\s+category urgent, never auto-reply$/,
    );

    const moved = onlyJson(await drift('rules', 'move', String(vip.id), '--position', '1', '--json'));
    expect((moved.data as { name: string }[]).map((rule) => rule.name)).toEqual(['VIP clients', 'Pager']);
    expect(onlyJson(await drift('rules', 'remove', String(vip.id), '--json'))).toEqual({
      id: vip.id,
      deleted: true,
    });
    const left = onlyJson(await drift('rules', 'list', id, '--json'));
    expect((left.data as { name: string; position: number }[]).map((r) => [r.position, r.name])).toEqual([
      [1, 'Pager'],
    ]);
  });

  it.each([
    [['--name', 'X', '--category', 'urgent'], 2, 'USAGE_ERROR', 'give at least one condition'],
    [['--name', 'X', '--subject', 'x'], 2, 'USAGE_ERROR', 'give at least one action'],
    [['--name', 'X', '--header', 'no colon', '--escalate'], 2, 'USAGE_ERROR', '--header takes "Name: value"'],
    [['--name', 'X', '--subject', 'x', '--category', 'later'], 2, 'USAGE_ERROR', '--category must be one of'],
    [
      ['--name', 'X', '--subject', 'x', '--min-urgency', '11'],
      1,
      'VALIDATION_ERROR',
      'the urgency must be a whole number from 0 to 10',
    ],
    [
      ['--name', 'X', '--from', 'bob', '--escalate'],
      1,
      'VALIDATION_ERROR',
      'from_address must be one email address',
    ],
  ])('rules add %j fails with exit %i and %s', async (flags, exitCode, code, message) => {
    const id = await account(
      'team_growth',
      `bad-${exitCode}-${code}-${Math.random().toString(36).slice(2)}@example.com`,
    );
    const result = await drift('rules', 'add', id, ...flags, '--json');
    expect(result.code).toBe(exitCode);
    const error = errorOf(result);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('refuses a Free account and an unknown rule', async () => {
    const id = await account('free', 'free-rules@example.com');
    const refused = await drift('rules', 'add', id, '--name', 'X', '--subject', 'x', '--escalate', '--json');
    expect(refused.code).toBe(1);
    expect(errorOf(refused)).toEqual({
      code: 'FEATURE_NOT_AVAILABLE',
      message: 'Custom rules require Team Growth plan',
    });
    const unknown = await drift('rules', 'remove', 'rule_unknown', '--json');
    expect(errorOf(unknown)).toEqual({ code: 'NOT_FOUND', message: 'Rule not found' });
  });
});
