import type { DriftClient } from './client.ts';
import { type Output, table } from './output.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Invocation {
  positionals: string[];
  flags: Record<string, string | undefined>;
}

type Command = (client: DriftClient, invocation: Invocation, output: Output) => Promise<void>;

function required(invocation: Invocation, flag: string): string {
  const value = invocation.flags[flag];
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
}

function positional(invocation: Invocation, name: string): string {
  const value = invocation.positionals[0];
  if (!value) throw new UsageError(`${name} is required`);
  return value;
}

/** `a@x, b@y` -> ['a@x', 'b@y']; an empty value clears the list. */
function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

const orNone = (items: readonly string[]) => (items.length ? items.join(', ') : '(none)');

export const COMMANDS: Record<string, { usage: string; flags: string[]; run: Command }> = {
  'accounts create': {
    usage: 'accounts create --name NAME --email EMAIL [--plan free|team_growth] [--json]',
    flags: ['name', 'email', 'plan'],
    async run(client, invocation, output) {
      const plan = invocation.flags.plan;
      if (plan !== undefined && plan !== 'free' && plan !== 'team_growth') {
        throw new UsageError('--plan must be free or team_growth');
      }
      const account = await client.admin.accounts.create.mutate({
        name: required(invocation, 'name'),
        email: required(invocation, 'email'),
        ...(plan && { plan }),
      });
      output.result(
        account,
        `Created account ${account.id}: ${account.name} <${account.email}>, plan ${account.plan}\nInbound token: ${account.inbound_token}`,
      );
    },
  },
  'accounts settings': {
    usage:
      'accounts settings ACCOUNT_ID [--timezone ZONE] [--vip a@x,b@y] [--urgent-keywords w1,w2] [--aliases a@x,b@y] [--json]',
    flags: ['timezone', 'vip', 'urgent-keywords', 'aliases'],
    async run(client, invocation, output) {
      const vip = list(invocation.flags.vip);
      const keywords = list(invocation.flags['urgent-keywords']);
      const aliases = list(invocation.flags.aliases);
      const settings = await client.admin.accounts.settings.mutate({
        account_id: positional(invocation, 'ACCOUNT_ID'),
        ...(invocation.flags.timezone !== undefined && { timezone: invocation.flags.timezone }),
        ...(vip && { vip_senders: vip }),
        ...(keywords && { urgent_keywords: keywords }),
        ...(aliases && { aliases }),
      });
      output.result(
        settings,
        [
          `Settings of ${settings.account_id} <${settings.email}>`,
          `  time zone:       ${settings.timezone}`,
          `  VIP senders:     ${orNone(settings.vip_senders)}`,
          `  urgent keywords: ${orNone(settings.urgent_keywords)}`,
          `  aliases:         ${orNone(settings.aliases)}`,
        ].join('\n'),
      );
    },
  },
  'users create': {
    usage: 'users create --account ACCOUNT_ID --email EMAIL [--name NAME] [--password PASSWORD] [--json]',
    flags: ['account', 'email', 'name', 'password'],
    async run(client, invocation, output) {
      const user = await client.admin.users.create.mutate({
        account_id: required(invocation, 'account'),
        email: required(invocation, 'email'),
        ...(invocation.flags.name && { name: invocation.flags.name }),
        ...(invocation.flags.password && { password: invocation.flags.password }),
      });
      const password = user.password ? `\nPassword (shown once): ${user.password}` : '';
      output.result(
        user,
        `Created dashboard user ${user.id} <${user.email}> for ${user.account_id}${password}`,
      );
    },
  },
  'keys create': {
    usage: 'keys create --account ACCOUNT_ID --scopes read:ooo,write:ooo [--name LABEL] [--json]',
    flags: ['account', 'scopes', 'name'],
    async run(client, invocation, output) {
      const key = await client.admin.keys.create.mutate({
        account_id: required(invocation, 'account'),
        scopes: list(required(invocation, 'scopes')) ?? [],
        ...(invocation.flags.name && { name: invocation.flags.name }),
      });
      output.result(
        { id: key.id, key: key.key, scopes: key.scopes, name: key.name, created_at: key.created_at },
        `Created API key ${key.id} with scopes ${key.scopes.join(', ')}\nKey (shown once, store it now): ${key.key}`,
      );
    },
  },
  'keys revoke': {
    usage: 'keys revoke KEY_ID [--json]',
    flags: [],
    async run(client, invocation, output) {
      const revoked = await client.admin.keys.revoke.mutate({ id: positional(invocation, 'KEY_ID') });
      output.result(revoked, `Revoked API key ${revoked.id} at ${revoked.revoked_at}`);
    },
  },
  'keys list': {
    usage: 'keys list --account ACCOUNT_ID [--json]',
    flags: ['account'],
    async run(client, invocation, output) {
      const keys = await client.admin.keys.list.query({ account_id: required(invocation, 'account') });
      const rows = keys.data.map((k) => [
        k.id,
        `${k.display_prefix}…`,
        k.name ?? '',
        k.scopes.join(','),
        k.last_used_at ?? 'never',
        k.revoked_at ? `revoked ${k.revoked_at}` : 'active',
      ]);
      output.result(
        keys,
        rows.length
          ? table([['ID', 'KEY', 'NAME', 'SCOPES', 'LAST USED', 'STATUS'], ...rows])
          : 'No API keys.',
      );
    },
  },
};
