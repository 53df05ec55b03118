import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

export interface TestMailUser {
  username: string;
  password: string;
}

/** A throwaway Dovecot on loopback: its own config, mail directory, users and high ports. */
export interface TestImapServer {
  host: '127.0.0.1';
  /** Plain IMAP that offers STARTTLS. */
  port: number;
  /** IMAP over implicit TLS. */
  tlsPort: number;
  /** The self-signed certificate the server presents, for clients to trust. */
  ca: string;
  /** The same certificate as a file, for NODE_EXTRA_CA_CERTS; removed by `close`. */
  caFile: string;
  user: TestMailUser;
  /** A user whose INBOX cannot be opened (its mail directory cannot be created). */
  userWithoutInbox: TestMailUser;
  /** An OAuth2 access token for the user, valid until revoked. */
  issueAccessToken(user?: TestMailUser): string;
  revokeAccessToken(token: string): void;
  /** Delivers a message into the user's INBOX with the given arrival time; returns its UID. */
  deliver(raw: string | Buffer, arrivedAt: Date, user?: TestMailUser): Promise<number>;
  /** Uids of the INBOX, with their flags, as the server holds them. */
  inbox(user?: TestMailUser): Promise<{ uid: number; flags: string[] }[]>;
  /** Expunges every message of the user's INBOX (between tests). */
  empty(user?: TestMailUser): Promise<void>;
  setUidValidity(value: number, user?: TestMailUser): Promise<void>;
  /** Drops every open connection of the user, as a server restart or a network cut would. */
  kick(user?: TestMailUser): Promise<void>;
  /** Stops listening (connections refused) until `start` is called again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Asks `probe` until it answers something truthy, and returns that; what the server does with
 * mail (announce, sync, capture) happens a moment later, never at once.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  what: string,
  { timeoutMs = 10_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function dovecotInstalled(): boolean {
  return existsSync(DOVECOT) && existsSync(DOVEADM);
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not listen on port ${port} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function oauth2Config(introspectionPort: number): string {
  return `
introspection_mode = post
introspection_url = http://127.0.0.1:${introspectionPort}/introspect
username_attribute = username
active_attribute = active
active_value = true
`;
}

/**
 * The token issuer's side of OAuth2, as small as RFC 7662 allows: tokens it issued are active and
 * name their user until revoked.
 */
async function startTokenIssuer(): Promise<{
  port: number;
  issue(username: string): string;
  revoke(token: string): void;
  close(): Promise<void>;
}> {
  const active = new Map<string, string>();
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const username = active.get(new URLSearchParams(body).get('token') ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(username ? { active: true, username } : { active: false }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the token issuer has no port');
  return {
    port: address.port,
    issue(username) {
      const token = `ya29.test-${randomBytes(24).toString('base64url')}`;
      active.set(token, username);
      return token;
    },
    revoke(token) {
      active.delete(token);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function dovecotConfig(dir: string, port: number, tlsPort: number, mailUid: string, idle: boolean): string {
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = drift-test-${port}
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
# Answer failed logins at once: the tests try many on purpose.
auth_failure_delay = 0
default_internal_user = ${mailUid}
default_login_user = ${mailUid}
first_valid_uid = 1
first_valid_gid = 1
# OAuth2 access tokens are checked with the token issuer's introspection endpoint (RFC 7662).
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${dir}/oauth2.conf.ext
}
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  # allow_all_users: doveadm looks users up without a password database.
  args = uid=${mailUid} gid=${mailUid} home=${dir}/mail/%n allow_all_users=yes
}
mail_location = maildir:~/Maildir
${idle ? '' : '# Like a server without IDLE: what it announces after login, IDLE left out.\nimap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ NAMESPACE UIDPLUS UNSELECT CHILDREN\n'}service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = ${tlsPort}
    ssl = yes
  }
}
`;
}

/**
 * Starts Dovecot from Debian's `dovecot-imapd` (installed by scripts/ensure-dovecot.sh) with
 * everything under a fresh temporary directory. As root, mail is owned by the `dovecot` user,
 * because Dovecot refuses mail access as root.
 */
export interface TestImapServerOptions {
  /** `false`: the server does not offer IDLE, so clients have to poll. */
  idle?: boolean;
}

export async function startTestImapServer(options: TestImapServerOptions = {}): Promise<TestImapServer> {
  if (!dovecotInstalled()) {
    throw new Error("The IMAP tests need Dovecot: run 'bash scripts/ensure-dovecot.sh' (as root) first.");
  }
  const dir = await mkdtemp(join(tmpdir(), 'drift-dovecot-'));
  // Dovecot's processes run as another user and must reach the mail directory below.
  await chmod(dir, 0o755);
  const [port, tlsPort] = [await freePort(), await freePort()];
  const asRoot = process.getuid?.() === 0;
  const mailUid = asRoot ? 'dovecot' : (process.env.USER ?? 'nobody');
  const user = { username: 'alex@acme.test', password: 'correct horse battery' };
  const userWithoutInbox = { username: 'nobox@acme.test', password: 'correct horse battery' };

  await mkdir(join(dir, 'mail'), { recursive: true });
  await mkdir(join(dir, 'run'));
  await mkdir(join(dir, 'state'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', mailUid]);
    const { stdout: gid } = await run('id', ['-g', mailUid]);
    await chown(join(dir, 'mail'), Number(stdout.trim()), Number(gid.trim()));
  }
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
  await writeFile(
    join(dir, 'users'),
    [
      `${user.username}:{PLAIN}${user.password}::::::`,
      // Its mail lives under a path nobody may create, so its INBOX cannot be opened.
      `${userWithoutInbox.username}:{PLAIN}${userWithoutInbox.password}::::::userdb_mail=maildir:/proc/drift-no-mail`,
      '',
    ].join('\n'),
  );
  const issuer = await startTokenIssuer();
  await writeFile(join(dir, 'oauth2.conf.ext'), oauth2Config(issuer.port));
  const configPath = join(dir, 'dovecot.conf');
  await writeFile(configPath, dovecotConfig(dir, port, tlsPort, mailUid, options.idle ?? true));
  const ca = await readFile(join(dir, 'cert.pem'), 'utf8');

  let master: ChildProcess | undefined;
  const start = async () => {
    // Its own process group, so that `stop` takes every Dovecot process down at once.
    const child = spawn(DOVECOT, ['-F', '-c', configPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    master = child;
    // Its own process group outlives this process unless taken down with it (a crashed or
    // timed-out test run must not leave Dovecots behind).
    const takeDown = () => {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    process.once('exit', takeDown);
    child.once('exit', () => process.removeListener('exit', takeDown));
    try {
      await Promise.all([waitForPort(port, 10_000), waitForPort(tlsPort, 10_000)]);
    } catch (error) {
      throw new Error(`${(error as Error).message}: ${stderr}`);
    }
  };
  const stop = async () => {
    const child = master;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Killed like a crashed host: a graceful stop waits on every open connection for seconds.
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    await exited;
    master = undefined;
  };
  const doveadm = (...args: string[]) => run(DOVEADM, ['-c', configPath, ...args]);

  const withClient = async <T>(who: TestMailUser, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: tlsPort,
      secure: true,
      tls: { ca },
      auth: { user: who.username, pass: who.password },
      logger: false,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    ca,
    caFile: join(dir, 'cert.pem'),
    user,
    userWithoutInbox,
    issueAccessToken: (who = user) => issuer.issue(who.username),
    revokeAccessToken: (token) => issuer.revoke(token),
    deliver: (raw, arrivedAt, who = user) =>
      withClient(who, async (client) => {
        const appended = await client.append('INBOX', raw, [], arrivedAt);
        if (!appended || typeof appended.uid !== 'number') throw new Error('Dovecot returned no UID');
        return appended.uid;
      }),
    inbox: (who = user) =>
      withClient(who, async (client) => {
        await client.mailboxOpen('INBOX', { readOnly: true });
        const messages: { uid: number; flags: string[] }[] = [];
        for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
          // \\Recent belongs to the IMAP session that looks, not to the message.
          const flags = [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent');
          messages.push({ uid: message.uid, flags: flags.sort() });
        }
        return messages;
      }),
    async empty(who = user) {
      await doveadm('expunge', '-u', who.username, 'mailbox', 'INBOX', 'all');
    },
    async setUidValidity(value, who = user) {
      await doveadm('mailbox', 'update', '-u', who.username, '--uid-validity', String(value), 'INBOX');
    },
    async kick(who = user) {
      await doveadm('kick', who.username).catch(() => undefined);
    },
    stop,
    start,
    async close() {
      await stop();
      await issuer.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
