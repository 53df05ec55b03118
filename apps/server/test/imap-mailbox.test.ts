// Connecting an IMAP mailbox and syncing it during a session, end to end: tRPC procedures of the
// dashboard and the operator, the sync worker, a real Dovecot on loopback, GET /api/v1/emails.

import { at, buildSession, days } from '@drift/api/testing';
import { testImapConnection } from '@drift/mail';
import { eventually, startTestImapServer } from '@drift/mail/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { useFileService, useTestServer } from './support/fixture.ts';
import { callTrpc } from './support/http.ts';
import { buildOwnerMailbox, listEmails } from './support/inbound.ts';
import { buildRawMail } from './support/raw-mail.ts';
import { ADMIN_TOKEN, BASE_NOW, type Json, startTestMailboxSync, startTestServer } from './support/server.ts';

const imap = useFileService(startTestImapServer, (server) => server.close());
beforeEach(async () => {
  await imap().empty();
});
const fixture = useTestServer({
  perTest: true,
  start: () => ({ imapCa: imap().ca, mailboxSync: true }),
  mailbox: true,
});

const admin = (kind: 'query' | 'mutation', path: string, input: unknown) =>
  callTrpc(fixture.server.baseUrl, kind, `admin.mailbox.${path}`, input, {
    'x-drift-admin-token': ADMIN_TOKEN,
  });

function connection(overrides: Record<string, unknown> = {}) {
  return {
    account_id: fixture.mailbox.accountId,
    host: imap().host,
    port: imap().tlsPort,
    security: 'tls',
    username: imap().user.username,
    password: imap().user.password,
    ...overrides,
  };
}

async function mailboxOf(accountId = fixture.mailbox.accountId): Promise<Json> {
  const result = await admin('query', 'get', { account_id: accountId });
  expect(result.status).toBe(200);
  return result.body.result.data.mailbox;
}

/** Mail as a sender's server hands it to Dovecot, arriving at the given time. */
function deliver(subject: string, arrivedAt: Date) {
  return imap().deliver(buildRawMail({ subject }), arrivedAt);
}

/** Counted in the database: polling the REST API would run into its rate limit. */
const capturedCount = () =>
  fixture.server.prisma.email.count({ where: { accountId: fixture.mailbox.accountId } });

const subjectsOf = (emails: Json[]) => emails.map((email: Json) => email.subject).sort();

describe('connecting a mailbox', { timeout: 30_000 }, () => {
  it('tests the connection and saves it without ever returning or logging the password', async () => {
    const connected = await admin('mutation', 'connect', connection());
    expect(connected.status).toBe(200);
    const mailbox = connected.body.result.data;
    expect(mailbox).toMatchObject({
      id: expect.stringMatching(/^mbx_/),
      host: imap().host,
      port: imap().tlsPort,
      security: 'tls',
      username: imap().user.username,
      auth_method: 'password',
    });
    expect(JSON.stringify(mailbox)).not.toContain(imap().user.password);
    expect(JSON.stringify(await mailboxOf())).not.toContain(imap().user.password);

    const row = await fixture.server.prisma.mailboxConnection.findUniqueOrThrow({
      where: { accountId: fixture.mailbox.accountId },
    });
    expect(row.sealedSecret).not.toContain(imap().user.password);
    expect(fixture.server.cipher.open(row.sealedSecret, fixture.mailbox.accountId)).toBe(
      imap().user.password,
    );
    expect(fixture.server.rawLogs.join('\n')).not.toContain(imap().user.password);
  });

  // Functions: `imap` exists only once the suite runs.
  const refusals: [string, () => Record<string, unknown>, RegExp][] = [
    [
      'a wrong password',
      () => ({ password: 'wrong' }),
      /refused the user name or password for alex@acme\.test/,
    ],
    ['TLS on the plain port', () => ({ port: imap().port }), /does not speak TLS from the start/],
    ['an unknown host', () => ({ host: 'imap.no-such-host.invalid' }), /could not be found/],
    ['both secrets', () => ({ access_token: 'tok' }), /either password .* or access_token/],
    ['a port out of range', () => ({ port: 70_000 }), /port must be between 1 and 65535/],
    ['an unknown security', () => ({ security: 'ssl' }), /security must be one of: tls, starttls, none/],
  ];
  it.each(refusals)('refuses %s with a clear message and saves nothing', async (_name, change, message) => {
    const refused = await admin('mutation', 'connect', connection(change()));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(message);
    expect(refused.body.error.data.driftCode).toBe('VALIDATION_ERROR');
    expect(await mailboxOf()).toBeNull();
  });

  it('refuses hosts on the server’s own network when the operator denies them (the default of a real server)', async () => {
    const guarded = await startTestServer({ imapCa: imap().ca, imapPrivateHosts: 'deny' });
    try {
      const guardedOwner = await buildOwnerMailbox(guarded);
      const refused = await callTrpc(
        guarded.baseUrl,
        'mutation',
        'admin.mailbox.connect',
        { ...connection(), account_id: guardedOwner.accountId },
        { 'x-drift-admin-token': ADMIN_TOKEN },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe(
        "127.0.0.1 is an address of the server's own network, which this server does not connect to. An operator can allow it with DRIFT_IMAP_PRIVATE_HOSTS=allow.",
      );
    } finally {
      await guarded.close();
    }
  });

  it('is the owner’s own: the dashboard sees and disconnects only its account’s mailbox', async () => {
    const other = await buildOwnerMailbox(fixture.server, { session: false });
    expect((await admin('mutation', 'connect', connection())).status).toBe(200);
    expect(await mailboxOf(other.accountId)).toBeNull();
    expect((await admin('mutation', 'disconnect', { account_id: other.accountId })).body.error.message).toBe(
      'No mailbox is connected to this account',
    );
    expect((await admin('mutation', 'disconnect', { account_id: fixture.mailbox.accountId })).status).toBe(
      200,
    );
    expect(await mailboxOf()).toBeNull();
  });
});

describe('syncing during a session', { timeout: 60_000 }, () => {
  it('captures mail delivered during the session once, never earlier mail, and shows first-sync progress', async () => {
    const sessionStart = fixture.mailbox.session?.startDate ?? BASE_NOW;
    await deliver('Sent before the session', at(sessionStart, -60_000));
    await deliver('First in the session', at(sessionStart, 60_000));
    await deliver('Second in the session', at(sessionStart, 120_000));
    expect((await admin('mutation', 'connect', connection())).status).toBe(200);

    const firstSync = await eventually(async () => {
      const mailbox = await mailboxOf();
      // Done is recorded just before the worker switches to watching.
      return mailbox.sync.first_sync?.done && mailbox.sync.state === 'watching' && mailbox;
    }, 'the first sync');
    expect(firstSync.sync).toMatchObject({
      state: 'watching',
      session_id: fixture.mailbox.session?.id,
      last_error: null,
      first_sync: { found: 2, captured: 2, left: 0, done: true },
    });
    let emails = await listEmails(fixture.server, fixture.mailbox);
    expect(subjectsOf(emails)).toEqual(['First in the session', 'Second in the session']);

    // New mail is announced by IDLE and captured within moments.
    await deliver('Arrived while watching', at(BASE_NOW, 1_000));
    await eventually(async () => (await capturedCount()) === 3, 'the new message');
    emails = await listEmails(fixture.server, fixture.mailbox);
    const latest = emails.find((email: Json) => email.subject === 'Arrived while watching');
    expect(latest.received_at).toBe(at(BASE_NOW, 1_000).toISOString());
    expect(latest.external_id).toMatch(/^\d+:\d+$/);

    const session = await fixture.server.request(
      'GET',
      `/api/v1/ooo-sessions/${fixture.mailbox.session?.id}`,
      {
        key: fixture.mailbox.key,
      },
    );
    expect(session.body.stats.total_emails_synced).toBe(3);
    // Read only: nothing on the server was marked, moved or deleted.
    expect((await imap().inbox()).filter((message) => message.flags.length > 0)).toEqual([]);
  });

  it('syncs with an OAuth2 access token as well, and shows the refusal of a revoked one', async () => {
    const token = imap().issueAccessToken();
    const { password: _password, ...withoutPassword } = connection();
    const connected = await admin('mutation', 'connect', { ...withoutPassword, access_token: token });
    expect(connected.status).toBe(200);
    expect(connected.body.result.data.auth_method).toBe('oauth2');
    expect(JSON.stringify(connected.body)).not.toContain(token);
    await deliver('Read with a token', at(BASE_NOW, 1_000));
    await eventually(async () => (await capturedCount()) === 1, 'the message');

    imap().revokeAccessToken(token);
    const refused = await admin('mutation', 'connect', { ...withoutPassword, access_token: token });
    expect(refused.body.error.message).toMatch(/refused the OAuth2 access token for alex@acme\.test/);
    expect(fixture.server.rawLogs.join('\n')).not.toContain(token);
  });

  it('stops at the session end: a last pass, then nothing more', async () => {
    const session = await buildSession(fixture.server.prisma, {
      accountId: fixture.mailbox.accountId,
      startDate: at(BASE_NOW, days(30)),
      endDate: at(BASE_NOW, days(31)),
    });
    // A later session of the same account, so that the current one is simply the active one.
    expect(session.id).toBeTruthy();
    expect((await admin('mutation', 'connect', connection())).status).toBe(200);
    await eventually(async () => fixture.server.mailboxSync?.watching().length === 1, 'the sync to start');

    await deliver('Just before the end', at(fixture.mailbox.session?.endDate ?? BASE_NOW, -1_000));
    fixture.server.clock.set(fixture.mailbox.session?.endDate ?? BASE_NOW);
    await eventually(async () => fixture.server.mailboxSync?.watching().length === 0, 'the sync to stop');
    await deliver('After the end', at(fixture.mailbox.session?.endDate ?? BASE_NOW, 1_000));
    await fixture.server.mailboxSync?.scan();
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(subjectsOf(await listEmails(fixture.server, fixture.mailbox))).toEqual(['Just before the end']);
    expect((await mailboxOf()).sync.state).toBe('idle');
  });

  it('resumes after a restart of the sync without duplicates or gaps', async () => {
    await deliver('Before the restart', at(BASE_NOW, -1_000));
    expect((await admin('mutation', 'connect', connection())).status).toBe(200);
    await eventually(async () => (await capturedCount()) === 1, 'the first message');
    await fixture.server.mailboxSync?.stop();

    await deliver('While no instance ran', at(BASE_NOW, 1_000));
    const again = startTestMailboxSync({ ...fixture.server, imapCa: imap().ca }, 'restarted');
    try {
      await eventually(async () => (await capturedCount()) === 2, 'the message from the downtime');
      await deliver('After the restart', at(BASE_NOW, 2_000));
      await eventually(async () => (await capturedCount()) === 3, 'the next message');
    } finally {
      await again.stop();
    }
    expect(subjectsOf(await listEmails(fixture.server, fixture.mailbox))).toEqual([
      'After the restart',
      'Before the restart',
      'While no instance ran',
    ]);
  });

  it('finishes a first sync that a restart cut short, counting what the first pass already captured', async () => {
    await fixture.server.mailboxSync?.stop();
    const uids = [];
    for (const subject of ['One', 'Two', 'Three']) uids.push(await deliver(subject, at(BASE_NOW, -1_000)));
    expect((await admin('mutation', 'connect', connection())).status).toBe(200);
    const { uidValidity } = await testImapConnection(
      {
        host: imap().host,
        port: imap().tlsPort,
        security: 'tls',
        username: imap().user.username,
        secret: { kind: 'password', password: imap().user.password },
      },
      { ca: imap().ca },
    );
    // As a first pass leaves it when the process dies after capturing one of three messages.
    await fixture.server.prisma.mailboxConnection.update({
      where: { accountId: fixture.mailbox.accountId },
      data: {
        cursorSessionId: fixture.mailbox.session?.id ?? null,
        uidValidity: BigInt(uidValidity),
        lastUid: BigInt(uids[0] ?? 0),
        firstSyncFound: 3,
        firstSyncCaptured: 1,
      },
    });
    const again = startTestMailboxSync({ ...fixture.server, imapCa: imap().ca }, 'after-a-crash');
    try {
      const done = await eventually(async () => {
        const mailbox = await mailboxOf();
        return mailbox.sync.first_sync?.done && mailbox;
      }, 'the first sync to finish');
      expect(done.sync.first_sync).toEqual({ found: 3, captured: 3, left: 0, done: true });
    } finally {
      await again.stop();
    }
    expect(subjectsOf(await listEmails(fixture.server, fixture.mailbox))).toEqual(['Three', 'Two']);
  });

  it('lets one instance at a time sync a mailbox (a lease), and another take over when it lapses', async () => {
    expect((await admin('mutation', 'connect', connection())).status).toBe(200);
    await eventually(async () => fixture.server.mailboxSync?.watching().length === 1, 'the first instance');
    const second = startTestMailboxSync({ ...fixture.server, imapCa: imap().ca }, 'second');
    try {
      await second.scan();
      await second.scan();
      expect(second.watching()).toEqual([]);
      await deliver('Seen by one instance', at(BASE_NOW, 1_000));
      await eventually(async () => (await capturedCount()) === 1, 'the message');

      // The first instance dies without releasing its lease; after it lapses the second takes over.
      const row = await fixture.server.prisma.mailboxConnection.findUniqueOrThrow({
        where: { accountId: fixture.mailbox.accountId },
      });
      expect(row.leaseOwner).toBe('test-instance');
      await fixture.server.mailboxSync?.stop();
      await fixture.server.prisma.mailboxConnection.update({
        where: { id: row.id },
        data: { leaseOwner: 'test-instance', leaseExpiresAt: at(BASE_NOW, 30_000) },
      });
      await second.scan();
      expect(second.watching()).toEqual([]);
      fixture.server.clock.set(at(BASE_NOW, 31_000));
      await second.scan();
      expect(second.watching()).toEqual([row.id]);
      await deliver('Seen by the other', at(BASE_NOW, 32_000));
      await eventually(async () => (await capturedCount()) === 2, 'the next message');
    } finally {
      await second.stop();
    }
    expect(subjectsOf(await listEmails(fixture.server, fixture.mailbox))).toEqual([
      'Seen by one instance',
      'Seen by the other',
    ]);
  });

  it('resyncs safely when the server changes UIDVALIDITY', async () => {
    await deliver('Before the renumbering', at(BASE_NOW, -1_000));
    expect((await admin('mutation', 'connect', connection())).status).toBe(200);
    await eventually(async () => (await capturedCount()) === 1, 'the first message');
    await fixture.server.mailboxSync?.stop();
    const row = await fixture.server.prisma.mailboxConnection.findUniqueOrThrow({
      where: { accountId: fixture.mailbox.accountId },
    });
    await imap().setUidValidity(Number(row.uidValidity) + 7);

    await deliver('After the renumbering', at(BASE_NOW, 1_000));
    const again = startTestMailboxSync({ ...fixture.server, imapCa: imap().ca }, 'after-renumbering');
    try {
      await eventually(async () => (await capturedCount()) === 2, 'the new message');
      await eventually(async () => {
        const current = await fixture.server.prisma.mailboxConnection.findUniqueOrThrow({
          where: { id: row.id },
        });
        return current.uidValidity === (row.uidValidity ?? 0n) + 7n;
      }, 'the new UIDVALIDITY to be stored');
    } finally {
      await again.stop();
    }
    expect(subjectsOf(await listEmails(fixture.server, fixture.mailbox))).toEqual([
      'After the renumbering',
      'Before the renumbering',
    ]);
  });

  it('reports a lost server in the status, retries, and catches up without gaps once it is back', async () => {
    expect((await admin('mutation', 'connect', connection())).status).toBe(200);
    await eventually(async () => (await mailboxOf()).sync.state === 'watching', 'the sync to watch');
    await imap().stop();
    try {
      const lost = await eventually(async () => {
        const mailbox = await mailboxOf();
        return /Nothing accepts IMAP connections/.test(mailbox.sync.last_error ?? '') && mailbox;
      }, 'the outage to show');
      expect(lost.sync.state).toBe('reconnecting');
      expect(lost.sync.last_error).toMatch(/^Nothing accepts IMAP connections at 127\.0\.0\.1:\d+\./);
      expect(fixture.server.logs().some((line) => line.msg === 'mailbox connection failed; retrying')).toBe(
        true,
      );
    } finally {
      await imap().start();
    }
    await deliver('Sent during the outage', at(BASE_NOW, 1_000));
    await eventually(async () => (await capturedCount()) === 1, 'the message from the outage');
    const back = await eventually(async () => {
      const mailbox = await mailboxOf();
      return mailbox.sync.state === 'watching' && mailbox.sync.last_error === null && mailbox;
    }, 'the sync to recover');
    expect(back.sync.state).toBe('watching');
  });

  // An odd message between two normal ones in a first sync. A NUL in a body never reaches the database:
  // Dovecot hands it out as 0x80 in a (non-BINARY) FETCH, which the parser reads as U+FFFD. Bytes
  // that are not a mail message at all are skipped, not retried.
  const oddities: [string, () => string, 'stored' | 'skipped'][] = [
    [
      'a NUL byte in the body',
      () => buildRawMail({ subject: 'Odd one', body: 'Hi Alex,\n\nthe log says \u0000 here.' }),
      'stored',
    ],
    ['bytes that are not a mail message', () => 'just a line of text, no headers at all\r\n', 'skipped'],
  ];
  it.each(oddities)(
    'finishes the first sync past a message with %s, then moves on',
    async (_odd, build, outcome) => {
      const uids: number[] = [];
      for (const [i, raw] of [
        buildRawMail({ subject: 'Before it' }),
        build(),
        buildRawMail({ subject: 'After it' }),
      ].entries()) {
        uids.push(await imap().deliver(raw, at(BASE_NOW, -10_000 + i * 1_000)));
      }
      expect((await admin('mutation', 'connect', connection())).status).toBe(200);

      const firstSync = await eventually(async () => {
        const mailbox = await mailboxOf();
        // The pass marks the first sync done a moment before the watcher reports watching.
        return mailbox.sync.first_sync?.done && mailbox.sync.state === 'watching' && mailbox;
      }, 'the first sync');
      // Captured counts what the first sync is through with, a skipped message too: none is left.
      expect(firstSync.sync).toMatchObject({
        state: 'watching',
        last_error: null,
        first_sync: { found: 3, captured: 3, left: 0, done: true },
      });
      const shortSubjects = async () =>
        subjectsOf(await listEmails(fixture.server, fixture.mailbox)).map((subject: string) =>
          subject.slice(0, 9),
        );
      const stored = ['After it', 'Before it', ...(outcome === 'stored' ? ['Odd one'] : [])];
      expect(await shortSubjects()).toEqual(stored.sort());
      if (outcome === 'stored') {
        const odd = await fixture.server.prisma.email.findFirstOrThrow({
          where: { accountId: fixture.mailbox.accountId, subject: 'Odd one' },
        });
        expect(odd.bodyText).toContain('the log says \uFFFD here.');
      }
      expect(fixture.server.logs().filter((line) => line.msg === 'mailbox message skipped')).toEqual(
        outcome === 'skipped'
          ? [expect.objectContaining({ uid: uids[1], reason: expect.stringMatching(/not an email message/) })]
          : [],
      );
      const row = await fixture.server.prisma.mailboxConnection.findUniqueOrThrow({
        where: { accountId: fixture.mailbox.accountId },
      });
      expect(row.lastUid).toBe(BigInt(uids[2] ?? 0));

      // Nothing is retried and nothing is stuck: the next message is captured, once.
      await deliver('Next one', at(BASE_NOW, 1_000));
      await eventually(async () => (await capturedCount()) === stored.length + 1, 'the next message');
      expect(await shortSubjects()).toEqual([...stored, 'Next one'].sort());
      expect(fixture.server.logs().filter((line) => line.msg === 'mailbox message skipped')).toHaveLength(
        outcome === 'skipped' ? 1 : 0,
      );
    },
  );

  it('connects from the dashboard for the signed-in user’s own account, never without a sign-in', async () => {
    const { account_id: _owner, ...input } = connection();
    const signedOut = await callTrpc(fixture.server.baseUrl, 'mutation', 'mailbox.connect', input);
    expect(signedOut.status).toBe(401);

    const created = await callTrpc(
      fixture.server.baseUrl,
      'mutation',
      'admin.users.create',
      {
        account_id: fixture.mailbox.accountId,
        email: 'alex.dashboard@acme.test',
        password: 'a long enough password',
      },
      { 'x-drift-admin-token': ADMIN_TOKEN },
    );
    expect(created.status).toBe(200);
    const signIn = await callTrpc(fixture.server.baseUrl, 'mutation', 'auth.signIn', {
      email: 'alex.dashboard@acme.test',
      password: 'a long enough password',
    });
    const headers = {
      cookie: signIn.setCookie?.split(';')[0] ?? '',
      'x-drift-csrf': signIn.body.result.data.csrf_token,
    };
    const connected = await callTrpc(fixture.server.baseUrl, 'mutation', 'mailbox.connect', input, headers);
    expect(connected.status).toBe(200);
    expect(JSON.stringify(connected.body)).not.toContain(imap().user.password);
    const shown = await callTrpc(fixture.server.baseUrl, 'query', 'mailbox.get', undefined, headers);
    expect(shown.body.result.data.mailbox).toMatchObject({
      username: imap().user.username,
      auth_method: 'password',
    });
    expect((await mailboxOf()).id).toBe(connected.body.result.data.id);
  });
});
