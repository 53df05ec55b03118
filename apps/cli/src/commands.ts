import {
  accountMailboxChangeInput,
  accountSettingsChangeInput,
  createAccountInput,
  createAccountKeyInput,
  createUserInput,
  type EmailCategory,
  IMAP_SECURITY,
  type ImapSecurity,
  PLANS,
} from '@drift/contract';
import type { DriftClient } from './client.ts';
import {
  type CommandDefinition,
  CommandError,
  checked,
  type Invocation,
  list,
  positional,
  required,
  UsageError,
} from './command.ts';
import { type Output, table } from './output.ts';
import { RULE_COMMANDS } from './rule-commands.ts';
import { WEBHOOK_COMMANDS } from './webhook-commands.ts';

const orNone = (items: readonly string[]) => (items.length ? items.join(', ') : '(none)');

/** The backup contact the flags set (both flags), remove (`--clear-backup`), or leave (neither). */
function backupContactOf(invocation: Invocation): { name: string; email: string } | null | undefined {
  const name = invocation.flags['backup-name'];
  const email = invocation.flags['backup-email'];
  if (invocation.switches['clear-backup']) {
    if (name !== undefined || email !== undefined)
      throw new UsageError('give either --clear-backup or --backup-name and --backup-email, not both');
    return null;
  }
  if (name === undefined && email === undefined) return undefined;
  if (!name || !email) throw new UsageError('--backup-name and --backup-email go together');
  return { name, email };
}

function yesNo(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'yes' || value === 'no') return value === 'yes';
  throw new UsageError(`--${flag} must be yes or no, not '${value}'`);
}

export const COMMANDS: Record<string, CommandDefinition> = {
  'accounts create': {
    usage: 'accounts create --name NAME --email EMAIL [--plan free|team_growth] [--json]',
    flags: ['name', 'email', 'plan'],
    async run(client, invocation, output) {
      const plan = invocation.flags.plan;
      if (plan !== undefined && !(PLANS as readonly string[]).includes(plan)) {
        throw new UsageError(`--plan must be ${PLANS.join(' or ')}`);
      }
      const account = await client.admin.accounts.create.mutate(
        checked(createAccountInput, {
          name: required(invocation, 'name'),
          email: required(invocation, 'email'),
          ...(plan && { plan: plan as (typeof PLANS)[number] }),
        }),
      );
      output.result(
        account,
        `Created account ${account.id}: ${account.name} <${account.email}>, plan ${account.plan}\nInbound token: ${account.inbound_token}`,
      );
    },
  },
  'accounts settings': {
    usage:
      'accounts settings ACCOUNT_ID [--timezone ZONE] [--vip a@x,b@y] [--urgent-keywords w1,w2] [--aliases a@x,b@y] [--backup-name NAME --backup-email EMAIL | --clear-backup] [--escalate urgent,action_required] [--auto-reply-names-contact yes|no] [--json]',
    flags: [
      'timezone',
      'vip',
      'urgent-keywords',
      'aliases',
      'backup-name',
      'backup-email',
      'escalate',
      'auto-reply-names-contact',
    ],
    switches: ['clear-backup'],
    async run(client, invocation, output) {
      const vip = list(invocation.flags.vip);
      const keywords = list(invocation.flags['urgent-keywords']);
      const aliases = list(invocation.flags.aliases);
      const escalate = list(invocation.flags.escalate);
      const contact = backupContactOf(invocation);
      const namesContact = yesNo(invocation.flags['auto-reply-names-contact'], 'auto-reply-names-contact');
      const settings = await client.admin.accounts.settings.mutate(
        checked(accountSettingsChangeInput, {
          account_id: positional(invocation, 'ACCOUNT_ID'),
          ...(invocation.flags.timezone !== undefined && { timezone: invocation.flags.timezone }),
          ...(vip && { vip_senders: vip }),
          ...(keywords && { urgent_keywords: keywords }),
          ...(aliases && { aliases }),
          ...(contact !== undefined && { backup_contact: contact }),
          ...(escalate && { escalate_categories: escalate as EmailCategory[] }),
          ...(namesContact !== undefined && { auto_reply_names_contact: namesContact }),
        }),
      );
      output.result(
        settings,
        [
          `Settings of ${settings.account_id} <${settings.email}>`,
          `  time zone:       ${settings.timezone}`,
          `  VIP senders:     ${orNone(settings.vip_senders)}`,
          `  urgent keywords: ${orNone(settings.urgent_keywords)}`,
          `  aliases:         ${orNone(settings.aliases)}`,
          `  backup contact:  ${settings.backup_contact ? `${settings.backup_contact.name} <${settings.backup_contact.email}>` : '(none)'}`,
          `  escalated:       ${orNone(settings.escalate_categories)}`,
          `  auto-reply names the contact: ${settings.auto_reply_names_contact ? 'yes' : 'no'}`,
        ].join('\n'),
      );
    },
  },
  'users create': {
    usage: 'users create --account ACCOUNT_ID --email EMAIL [--name NAME] [--password PASSWORD] [--json]',
    flags: ['account', 'email', 'name', 'password'],
    async run(client, invocation, output) {
      const user = await client.admin.users.create.mutate(
        checked(createUserInput, {
          account_id: required(invocation, 'account'),
          email: required(invocation, 'email'),
          ...(invocation.flags.name && { name: invocation.flags.name }),
          ...(invocation.flags.password && { password: invocation.flags.password }),
        }),
      );
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
      const key = await client.admin.keys.create.mutate(
        checked(createAccountKeyInput, {
          account_id: required(invocation, 'account'),
          scopes: list(required(invocation, 'scopes')) ?? [],
          ...(invocation.flags.name && { name: invocation.flags.name }),
        }),
      );
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
  'mailbox connect': {
    usage:
      'mailbox connect ACCOUNT_ID --host HOST [--port 993] [--security tls|starttls|none] --user USER (--password-stdin | --token-stdin) [--json]',
    flags: ['host', 'port', 'security', 'user'],
    switches: ['password-stdin', 'token-stdin'],
    async run(client, invocation, output) {
      const accountId = positional(invocation, 'ACCOUNT_ID');
      const host = required(invocation, 'host');
      const username = required(invocation, 'user');
      const port = portOf(invocation.flags.port);
      const security = securityOf(invocation.flags.security);
      const kind = secretKindOf(invocation);
      const connection = {
        account_id: accountId,
        host,
        ...(port !== undefined && { port }),
        ...(security && { security }),
        username,
      };
      // Only now, with every flag in order (a stand-in secret checks the rest), wait for the secret.
      checked(accountMailboxChangeInput, { ...connection, password: 'stand-in' });
      const secret = await readSecret(kind);
      const mailbox = await client.admin.mailbox.connect.mutate(
        checked(accountMailboxChangeInput, {
          ...connection,
          ...(kind === 'password' ? { password: secret } : { access_token: secret }),
        }),
      );
      output.result(
        mailbox,
        [
          `Connected ${mailbox.username} at ${mailbox.host}:${mailbox.port} (${SECURITY_LABELS[mailbox.security]}) to ${accountId}: the connection test passed. Mail is synced while a session is active.`,
          ...(mailbox.security === 'none'
            ? ['Warning: without TLS the password and the mail cross the network unencrypted.']
            : []),
          describeMailbox(mailbox),
        ].join('\n'),
      );
    },
  },
  'mailbox status': {
    usage: 'mailbox status ACCOUNT_ID [--follow [--timeout SECONDS]] [--json]',
    flags: ['timeout'],
    switches: ['follow'],
    async run(client, invocation, output) {
      const accountId = positional(invocation, 'ACCOUNT_ID');
      const follow = invocation.switches.follow === true;
      const timeoutMs = followTimeoutOf(invocation.flags.timeout, follow);
      const { mailbox } = await client.admin.mailbox.get.query({ account_id: accountId });
      if (!follow) {
        output.result(
          { mailbox },
          mailbox ? describeMailbox(mailbox) : `No mailbox connected to ${accountId}.`,
        );
        return;
      }
      if (!mailbox)
        throw new CommandError('NOT_FOUND', `No mailbox connected to ${accountId}: nothing to follow.`);
      output.progress(describeMailbox(mailbox));
      const done = await followFirstSync(client, accountId, mailbox, timeoutMs, output);
      output.result({ mailbox: done }, firstSyncLine(done.sync.first_sync));
    },
  },
  'mailbox disconnect': {
    usage: 'mailbox disconnect ACCOUNT_ID [--json]',
    flags: [],
    async run(client, invocation, output) {
      const accountId = positional(invocation, 'ACCOUNT_ID');
      const result = await client.admin.mailbox.disconnect.mutate({ account_id: accountId });
      output.result(
        { account_id: accountId, ...result },
        `Disconnected the mailbox of ${accountId} and forgot its password or token. Mail already captured stays.`,
      );
    },
  },
  ...RULE_COMMANDS,
  ...WEBHOOK_COMMANDS,
};

// --- mailbox ---------------------------------------------------------------------------------

type Mailbox = Awaited<ReturnType<DriftClient['admin']['mailbox']['connect']['mutate']>>;
type FirstSync = Mailbox['sync']['first_sync'];

const SECURITY_LABELS: Record<ImapSecurity, string> = {
  tls: 'TLS',
  starttls: 'STARTTLS',
  none: 'no encryption',
};

const AUTH_LABELS: Record<Mailbox['auth_method'], string> = {
  password: 'password',
  oauth2: 'OAuth2 access token',
};

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 1 to 65535, not '${value}'`);
  }
  return port;
}

function securityOf(value: string | undefined): ImapSecurity | undefined {
  if (value === undefined) return undefined;
  if (!(IMAP_SECURITY as readonly string[]).includes(value)) {
    throw new UsageError(`--security must be one of ${IMAP_SECURITY.join(', ')}, not '${value}'`);
  }
  return value as ImapSecurity;
}

function secretKindOf(invocation: Invocation): 'password' | 'token' {
  const password = invocation.switches['password-stdin'] === true;
  const token = invocation.switches['token-stdin'] === true;
  if (password && token) throw new UsageError('give either --password-stdin or --token-stdin, not both');
  if (!password && !token) {
    throw new UsageError(
      'give --password-stdin (an app password) or --token-stdin (an OAuth2 access token) and the secret on standard input, e.g. `pnpm drift mailbox connect ... --password-stdin < password-file`',
    );
  }
  return password ? 'password' : 'token';
}

/** The whole of standard input, less one trailing newline: never argv, so never in `ps` or a shell history. */
export async function readSecret(
  kind: 'password' | 'token',
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<string> {
  const what = kind === 'password' ? 'password' : 'access token';
  if (stdin.isTTY) process.stderr.write(`Type the ${what}, then press Enter and Ctrl-D:\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const secret = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!secret) throw new UsageError(`no ${what} on standard input (--${kind}-stdin)`);
  return secret;
}

function followTimeoutOf(value: string | undefined, follow: boolean): number {
  if (value === undefined) return 600_000;
  if (!follow) throw new UsageError('--timeout only applies with --follow');
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds > 0)) throw new UsageError(`--timeout must be a number of seconds above 0, not '${value}'`);
  return seconds * 1000;
}

function firstSyncText(firstSync: FirstSync): string {
  if (!firstSync) return 'not started (it starts once a session is active)';
  if (firstSync.done) return `done (${firstSync.found} found, ${firstSync.captured} captured)`;
  return `${firstSync.found} found, ${firstSync.captured} captured, ${firstSync.left} left`;
}

const firstSyncLine = (firstSync: FirstSync) => `first sync: ${firstSyncText(firstSync)}`;

function describeMailbox(mailbox: Mailbox): string {
  return [
    `  host:        ${mailbox.host}:${mailbox.port}`,
    `  user:        ${mailbox.username}`,
    `  security:    ${SECURITY_LABELS[mailbox.security]}`,
    `  auth method: ${AUTH_LABELS[mailbox.auth_method]}`,
    `  sync state:  ${mailbox.sync.state}${mailbox.sync.session_id ? ` (session ${mailbox.sync.session_id})` : ''}`,
    `  last error:  ${mailbox.sync.last_error ?? '(none)'}`,
    `  last synced: ${mailbox.sync.last_synced_at ?? 'never'}`,
    `  ${firstSyncLine(mailbox.sync.first_sync)}`,
  ].join('\n');
}

const FOLLOW_INTERVAL_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls every second, printing each change, until the first sync is done; sync errors are shown, not fatal. */
async function followFirstSync(
  client: DriftClient,
  accountId: string,
  initial: Mailbox,
  timeoutMs: number,
  output: Output,
): Promise<Mailbox> {
  const deadline = Date.now() + timeoutMs;
  let mailbox = initial;
  let shownProgress = firstSyncLine(mailbox.sync.first_sync);
  let shownError = mailbox.sync.last_error;
  while (!mailbox.sync.first_sync?.done) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new CommandError(
        'TIMEOUT',
        `Gave up after ${timeoutMs / 1000} s waiting for the first sync of ${accountId}: ${firstSyncText(mailbox.sync.first_sync)}; sync ${mailbox.sync.state}${mailbox.sync.last_error ? `; last error: ${mailbox.sync.last_error}` : ''}.`,
      );
    }
    await sleep(Math.min(FOLLOW_INTERVAL_MS, left));
    const { mailbox: current } = await client.admin.mailbox.get.query({ account_id: accountId });
    if (!current) throw new CommandError('NOT_FOUND', `The mailbox of ${accountId} was disconnected.`);
    mailbox = current;
    if (mailbox.sync.last_error && mailbox.sync.last_error !== shownError) {
      output.progress(`sync error: ${mailbox.sync.last_error}`);
    }
    shownError = mailbox.sync.last_error;
    const progress = firstSyncLine(mailbox.sync.first_sync);
    if (progress !== shownProgress && !mailbox.sync.first_sync?.done) output.progress(progress);
    shownProgress = progress;
  }
  return mailbox;
}
