import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FetchedMessage,
  ImapConnectionError,
  type ImapFailure,
  type ImapSettings,
  type MailboxCursor,
  type MailboxWatch,
  type SyncProgress,
  type SyncTarget,
  testImapConnection,
  type WatchEvent,
  watchMailbox,
} from '../src/index.ts';
import { eventually, startTestImapServer, type TestImapServer } from '../src/testing/dovecot.ts';

// A real Dovecot on loopback (Debian's dovecot-imapd), started for this file.
let server: TestImapServer;
beforeAll(async () => {
  server = await startTestImapServer();
}, 30_000);
afterAll(async () => {
  await server?.close();
});

const SESSION_START = new Date('2026-03-09T00:00:00.000Z');
const SESSION_END = new Date('2026-03-20T00:00:00.000Z');

function settings(overrides: Partial<ImapSettings> = {}): ImapSettings {
  return {
    host: server.host,
    port: server.tlsPort,
    security: 'tls',
    username: server.user.username,
    secret: { kind: 'password', password: server.user.password },
    ...overrides,
  };
}

let serial = 0;
function rawMail(subject: string): string {
  serial += 1;
  return [
    'From: Priya Shah <priya@partner.test>',
    'To: Alex Morgan <alex@acme.test>',
    `Subject: ${subject}`,
    `Message-ID: <imap-test-${serial}-${Date.now()}@partner.test>`,
    'Date: Tue, 10 Mar 2026 12:00:00 +0000',
    '',
    `Body of ${subject}.`,
    '',
  ].join('\r\n');
}

/** The durable side as a database would keep it, in memory: a message store keyed like ours. */
class MemoryTarget implements SyncTarget {
  cursorValue: MailboxCursor = { uidValidity: null, lastUid: 0 };
  accepted: FetchedMessage[] = [];
  stored = new Map<string, FetchedMessage>();
  progressSeen: SyncProgress[] = [];
  constructor(public windowValue = { since: SESSION_START, until: SESSION_END }) {}
  async window() {
    return this.windowValue;
  }
  async cursor() {
    return { ...this.cursorValue };
  }
  async accept(messages: FetchedMessage[], cursor: MailboxCursor | null) {
    for (const message of messages) {
      this.accepted.push(message);
      const messageId = /Message-ID: (<[^>]+>)/i.exec(message.raw.toString())?.[1] ?? message.externalId;
      if (!this.stored.has(messageId)) this.stored.set(messageId, message);
    }
    if (cursor) this.cursorValue = cursor;
  }
  async advance(cursor: MailboxCursor) {
    this.cursorValue = cursor;
  }
  async progress(progress: SyncProgress) {
    this.progressSeen.push({ ...progress });
  }
  subjects() {
    return [...this.stored.values()].map((m) => /Subject: (.*)/.exec(m.raw.toString())?.[1]);
  }
}

function watch(target: SyncTarget, events: WatchEvent[] = [], pollIntervalMs = 60_000): MailboxWatch {
  return watchMailbox(settings(), target, {
    ca: server.ca,
    pollIntervalMs,
    backoff: { initialMs: 100, maxMs: 400 },
    onEvent: (event) => {
      events.push(event);
    },
  });
}

describe('testImapConnection against Dovecot', { timeout: 20_000 }, () => {
  it('logs in over TLS and over required STARTTLS, and reports the INBOX', async () => {
    const tls = await testImapConnection(settings(), { ca: server.ca });
    expect(tls.uidValidity).toMatch(/^\d+$/);
    const starttls = await testImapConnection(settings({ port: server.port, security: 'starttls' }), {
      ca: server.ca,
    });
    expect(starttls.uidValidity).toBe(tls.uidValidity);
  });

  it('logs in with an OAuth2 access token (XOAUTH2/OAUTHBEARER) checked by the token issuer', async () => {
    const token = server.issueAccessToken();
    const facts = await testImapConnection(settings({ secret: { kind: 'oauth2', accessToken: token } }), {
      ca: server.ca,
    });
    expect(facts.uidValidity).toMatch(/^\d+$/);
    server.revokeAccessToken(token);
    const error = await testImapConnection(settings({ secret: { kind: 'oauth2', accessToken: token } }), {
      ca: server.ca,
    }).catch((e: unknown) => e);
    expect((error as ImapConnectionError).failure).toBe('AUTHENTICATION_FAILED');
    expect((error as ImapConnectionError).message).toMatch(
      /refused the OAuth2 access token for alex@acme\.test: it may have expired/,
    );
    expect((error as ImapConnectionError).message).not.toContain(token);
    await testImapConnection(settings(), { ca: server.ca }); // resets Dovecot's delay after failures
  });

  it('reaches the host by name, checking the certificate against that name', async () => {
    const facts = await testImapConnection(settings({ host: 'localhost' }), { ca: server.ca });
    expect(facts.uidValidity).toMatch(/^\d+$/);
  });

  it.each(['127.0.0.1', 'localhost'])(
    'refuses %s when the operator does not allow the server’s own network',
    async (host) => {
      const error = await testImapConnection(settings({ host }), {
        ca: server.ca,
        allowPrivateHosts: false,
      }).catch((e: unknown) => e);
      expect((error as ImapConnectionError).failure).toBe('PRIVATE_ADDRESS');
      expect((error as ImapConnectionError).message).toBe(
        `${host} is an address of the server's own network, which this server does not connect to. An operator can allow it with DRIFT_IMAP_PRIVATE_HOSTS=allow.`,
      );
    },
  );

  const failures: [string, () => Partial<ImapSettings>, ImapFailure, RegExp, { ca?: boolean }?][] = [
    [
      'a wrong password',
      () => ({ secret: { kind: 'password', password: 'not the password' } }),
      'AUTHENTICATION_FAILED',
      /refused the user name or password for alex@acme\.test/,
    ],
    [
      'an unknown user',
      () => ({ username: 'nobody@acme.test' }),
      'AUTHENTICATION_FAILED',
      /refused the user name or password/,
    ],
    [
      'TLS against the plain port',
      () => ({ port: server.port, security: 'tls' }),
      'TLS_MISMATCH',
      /does not speak TLS from the start\. Choose STARTTLS/,
    ],
    [
      'no TLS against the TLS port',
      () => ({ port: server.tlsPort, security: 'none' }),
      'TLS_MISMATCH',
      /expects TLS from the start\. Choose TLS/,
    ],
    [
      'a certificate nobody vouches for',
      () => ({}),
      'TLS_UNTRUSTED',
      /TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(self-signed certificate\)/,
      { ca: false },
    ],
    [
      'an unknown host',
      () => ({ host: 'imap.no-such-host.invalid' }),
      'UNKNOWN_HOST',
      /The host imap\.no-such-host\.invalid could not be found/,
    ],
    [
      'a port nobody listens on',
      () => ({ port: 1 }),
      'CONNECTION_REFUSED',
      /Nothing accepts IMAP connections at 127\.0\.0\.1:1\./,
    ],
    [
      'a user without an INBOX',
      () => ({
        username: server.userWithoutInbox.username,
        secret: { kind: 'password', password: server.userWithoutInbox.password },
      }),
      'NO_INBOX',
      /Signed in to 127\.0\.0\.1, but the INBOX of nobox@acme\.test cannot be opened/,
    ],
  ];
  it.each(failures)('explains %s', async (_name, change, failure, message, options = {}) => {
    const error = await testImapConnection(settings(change()), {
      ...(options.ca !== false && { ca: server.ca }),
      connectTimeoutMs: 2_000,
    }).catch((e: unknown) => e);
    // Dovecot delays logins from an address after failed ones, more after each; a success resets it.
    if (failure === 'AUTHENTICATION_FAILED') await testImapConnection(settings(), { ca: server.ca });
    expect(error).toBeInstanceOf(ImapConnectionError);
    expect((error as ImapConnectionError).failure).toBe(failure);
    expect((error as ImapConnectionError).message).toMatch(message);
    expect((error as ImapConnectionError).message).not.toContain(server.user.password);
  });
});

describe('watchMailbox against Dovecot', { timeout: 30_000 }, () => {
  it('captures mail that arrives during the session once, never earlier mail, and changes nothing on the server', async () => {
    const before = await server.deliver(rawMail('before the session'), new Date('2026-03-08T23:59:59.000Z'));
    const during = await server.deliver(rawMail('first during'), new Date('2026-03-09T00:00:00.000Z'));
    const target = new MemoryTarget();
    const events: WatchEvent[] = [];
    const watcher = watch(target, events);
    await eventually(() => events.some((e) => e.state === 'watching'), 'the first pass');
    expect(target.subjects()).toEqual(['first during']);
    expect(events.find((e) => e.progress)?.progress).toMatchObject({
      found: 1,
      captured: 1,
      left: 0,
      initial: true,
    });

    // Announced by IDLE: far sooner than the 60 s safety poll.
    await server.deliver(rawMail('second during'), new Date('2026-03-10T12:30:00.000Z'));
    await eventually(() => target.stored.size === 2, 'the message announced by IDLE', { timeoutMs: 5_000 });
    await watcher.stop();

    expect(target.subjects()).toEqual(['first during', 'second during']);
    expect(target.accepted).toHaveLength(2);
    expect(target.accepted[0]?.externalId).toBe(`${target.cursorValue.uidValidity}:${during}`);
    expect(target.cursorValue.lastUid).toBeGreaterThan(before);
    // Read-only: nothing marked \Seen, nothing moved or deleted.
    const inbox = await server.inbox();
    expect(inbox.map((m) => m.flags)).toEqual(inbox.map(() => []));
    expect(inbox.map((m) => m.uid)).toContain(before);
  });

  it('resumes after a dropped connection and after a restart without gaps or duplicates', async () => {
    const target = new MemoryTarget();
    const events: WatchEvent[] = [];
    let watcher = watch(target, events);
    await eventually(() => events.some((e) => e.state === 'watching'), 'the first pass');
    const already = target.stored.size;

    // The server goes away entirely, mail keeps arriving meanwhile (delivered once it is back).
    await server.stop();
    await eventually(
      () => events.find((e) => e.state === 'reconnecting' && e.error?.failure === 'CONNECTION_REFUSED'),
      'a reconnection attempt',
    );
    await server.start();
    await server.deliver(rawMail('while away'), new Date('2026-03-11T08:00:00.000Z'));
    await eventually(() => target.stored.size === already + 1, 'the mail from while it was away');

    // Dropped by the server (doveadm kick) right after a delivery.
    await server.deliver(rawMail('before the kick'), new Date('2026-03-11T09:00:00.000Z'));
    await server.kick();
    await eventually(() => target.stored.size === already + 2, 'the mail from around the kick');

    // This process stops; another starts from the stored cursor.
    await watcher.stop();
    await server.deliver(rawMail('while stopped'), new Date('2026-03-11T10:00:00.000Z'));
    events.length = 0;
    watcher = watch(target, events);
    await eventually(() => target.stored.size === already + 3, 'the mail from while stopped');
    await watcher.stop();

    expect(target.subjects().slice(already)).toEqual(['while away', 'before the kick', 'while stopped']);
    expect(target.accepted.length).toBe(target.stored.size);
  });

  it('starts over safely when UIDVALIDITY changes: nothing missed, nothing stored twice', async () => {
    const target = new MemoryTarget();
    const events: WatchEvent[] = [];
    await server.deliver(rawMail('before the renumbering'), new Date('2026-03-12T08:00:00.000Z'));
    let watcher = watch(target, events);
    await eventually(() => events.some((e) => e.state === 'watching'), 'the first pass');
    await watcher.stop();
    const storedBefore = target.stored.size;
    const validityBefore = target.cursorValue.uidValidity;

    await server.setUidValidity(Number(validityBefore) + 1000);
    await server.deliver(rawMail('after the renumbering'), new Date('2026-03-12T09:00:00.000Z'));
    events.length = 0;
    watcher = watch(target, events);
    await eventually(() => events.some((e) => e.state === 'watching'), 'the resync pass');
    await watcher.stop();

    expect(target.cursorValue.uidValidity).toBe(String(Number(validityBefore) + 1000));
    const resync = events.find((e) => e.progress)?.progress;
    expect(resync).toMatchObject({ resync: true, initial: true });
    // Everything of the session was offered again; the store kept one copy of each.
    expect(target.stored.size).toBe(storedBefore + 1);
    expect(target.subjects().at(-1)).toBe('after the renumbering');
  });

  it('drains on a stop at the session end, and leaves mail dated after the window for later', async () => {
    const target = new MemoryTarget({ since: SESSION_START, until: new Date('2026-03-13T00:00:00.000Z') });
    const events: WatchEvent[] = [];
    const watcher = watch(target, events);
    await eventually(() => events.some((e) => e.state === 'watching'), 'the first pass');
    const inWindow = target.stored.size;
    const later = await server.deliver(rawMail('after the end'), new Date('2026-03-13T00:00:00.000Z'));
    await server.deliver(rawMail('last in time'), new Date('2026-03-12T23:59:59.000Z'));
    await watcher.stop({ drain: true });
    expect(target.subjects().at(-1)).toBe('last in time');
    expect(target.stored.size).toBe(inWindow + 1);
    // The later message holds the cursor back, so a longer window still finds it.
    expect(target.cursorValue.lastUid).toBe(later - 1);
  });
});

describe('watchMailbox against a server without IDLE', { timeout: 30_000 }, () => {
  let noIdle: TestImapServer;
  beforeAll(async () => {
    noIdle = await startTestImapServer({ idle: false });
  }, 30_000);
  afterAll(async () => {
    await noIdle?.close();
  });

  it('polls instead, and still captures new mail once', async () => {
    const probe = new ImapFlow({
      host: noIdle.host,
      port: noIdle.tlsPort,
      secure: true,
      tls: { ca: [noIdle.ca] },
      auth: { user: noIdle.user.username, pass: noIdle.user.password },
      logger: false,
    });
    await probe.connect();
    expect(probe.capabilities.has('IDLE')).toBe(false);
    await probe.logout();

    const target = new MemoryTarget();
    const events: WatchEvent[] = [];
    const watcher = watchMailbox(
      {
        host: noIdle.host,
        port: noIdle.tlsPort,
        security: 'tls',
        username: noIdle.user.username,
        secret: { kind: 'password', password: noIdle.user.password },
      },
      target,
      {
        ca: noIdle.ca,
        pollIntervalMs: 300,
        backoff: { initialMs: 100, maxMs: 400 },
        onEvent: (event) => {
          events.push(event);
        },
      },
    );
    try {
      await eventually(() => events.some((e) => e.state === 'watching'), 'the first pass');
      await noIdle.deliver(rawMail('found by polling'), new Date('2026-03-10T12:00:00.000Z'));
      await eventually(() => target.stored.size === 1, 'the polled message', { timeoutMs: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 700));
    } finally {
      await watcher.stop();
    }
    expect(target.subjects()).toEqual(['found by polling']);
    expect(target.accepted).toHaveLength(1);
    expect(events.filter((e) => e.state === 'watching').length).toBeGreaterThan(2);
  });
});
