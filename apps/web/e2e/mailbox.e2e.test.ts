// Connecting an IMAP mailbox, in headless Chromium against the real server and a real Dovecot:
// a wrong password is refused in words, the right one connects, the first sync of an active
// session captures what arrived since it started, new mail is captured as it comes, and the
// mailbox is disconnected. The tests run in order (one account, one browser page).
import { eventually, startTestImapServer, type TestImapServer } from '@drift/mail/testing';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteHooks, openPage, screenshot } from './support/browser.ts';
import { rawMail } from './support/mail.ts';
import { type RunningServer, startServer } from './support/server.ts';

const HOUR = 3_600_000;

let imap: TestImapServer;
let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
const state: { sessionId?: string } = {};

const url = (hash = '') => `${server.baseUrl}/${hash ? `#${hash}` : ''}`;

/** The REST API with the demo key, as a third party calls it. */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the REST API, read by the assertions
async function rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${server.demo.apiKey}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function capturedSubjects(): Promise<string[]> {
  const { body } = await rest('GET', `/emails?session_id=${state.sessionId}&limit=100`);
  return (body.data as { subject: string }[]).map((e) => e.subject).sort();
}

const mail = (subject: string, body: string) =>
  rawMail({ from: 'priya@partner.example', fromName: 'Priya Raman', to: imap.user.username, subject, body });

const BEFORE = 'Lunch menu from before the session';
const FIRST = 'Contract renewal needs your signature';
const LIVE = 'Production outage: checkout is down';

beforeAll(async () => {
  imap = await startTestImapServer();
  server = await startServer({
    script: 'serve',
    env: {
      // The server trusts Dovecot's self-signed certificate as an operator would.
      NODE_EXTRA_CA_CERTS: imap.caFile,
      // Start a session's sync within a moment. New mail then comes through IDLE; the safety-net
      // poll stays at its default of a minute, so the live message below shows that IDLE wakes it.
      DRIFT_IMAP_SCAN_INTERVAL_MS: '200',
      // The test Dovecot is on loopback, which a server refuses to dial by default.
      DRIFT_IMAP_PRIVATE_HOSTS: 'allow',
      DRIFT_IMAP_POLL_INTERVAL_MS: '60000',
    },
  });
  ({
    browser,
    page,
    errors: pageErrors,
  } = await openPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' }));
});

browserSuiteHooks(
  () => ({ server, browser, page, errors: pageErrors }),
  async () => imap?.close(),
);

describe('the mailbox connection', () => {
  it('connects an IMAP mailbox', async () => {
    // A session active now (it started an hour ago), and mail in the INBOX from before and after its start.
    const created = await rest('POST', '/ooo-sessions', {
      start_date: new Date(Date.now() - HOUR).toISOString(),
      end_date: new Date(Date.now() + 24 * HOUR).toISOString(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    state.sessionId = created.body.id;
    await imap.deliver(mail(BEFORE, 'Soup and salad, as usual.'), new Date(Date.now() - 2 * HOUR));
    await imap.deliver(
      mail(FIRST, 'Hi,\n\nThe contract renewal needs your signature by Friday. Can you sign it?\n\nPriya'),
      new Date(),
    );

    await page.goto(url());
    await page.getByLabel('Email').fill(server.demo.email);
    await page.getByLabel('Password', { exact: true }).fill(server.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'OOO sessions' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.getByRole('heading', { name: 'Connect a mailbox' }).waitFor();

    // A wrong password: the server's sentence, next to the form; nothing is saved.
    await page.getByLabel('IMAP server').fill(imap.host);
    expect(await page.getByLabel('Security').inputValue()).toBe('tls');
    await page.getByLabel('Port').fill(String(imap.tlsPort));
    await page.getByLabel('User name').fill(imap.user.username);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Connect' }).click();
    const alert = page.locator('form').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      `The server refused the user name or password for ${imap.user.username}. Check them;`,
    );
    expect(await page.getByTestId('mailbox').count()).toBe(0);
    await screenshot(page, 'mailbox-wrong-password');

    // The right one: connected, and the secret is nowhere in the page.
    await page.getByLabel('Password', { exact: true }).fill(imap.user.password);
    await page.getByRole('button', { name: 'Connect' }).click();
    const card = page.getByTestId('mailbox');
    await card.waitFor();
    await card.getByText(`${imap.host}:${imap.tlsPort}`).waitFor();
    for (const text of ['TLS', imap.user.username, 'App password']) {
      await card.getByText(text, { exact: true }).waitFor();
    }
    await page
      .getByTestId('announcer')
      .getByText(/Mailbox connected/)
      .waitFor();
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(imap.user.password);

    // The page follows the first sync by itself: only the mail that arrived since the session started.
    const firstSync = page.getByTestId('first-sync');
    await firstSync.getByText('First sync of this session: done').waitFor({ timeout: 30_000 });
    expect(await firstSync.locator('.first-sync-counts').textContent()).toBe('1 found · 1 captured · 0 left');
    await page.getByTestId('sync-state').getByText('Watching for new mail').waitFor();
    expect(await page.getByTestId('last-synced').textContent()).not.toBe('not yet');

    // Mail that arrives now is captured as it comes.
    await imap.deliver(
      mail(LIVE, 'Checkout is down for every customer since 09:10. Please call me as soon as you can.'),
      new Date(),
    );
    await eventually(async () => (await capturedSubjects()).length === 2, 'the new message to be captured', {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    expect(await capturedSubjects()).toEqual([FIRST, LIVE].sort());

    await page.getByRole('link', { name: 'See the mail captured in this session' }).click();
    await page.waitForURL(new RegExp(`#/mail\\?session=${state.sessionId}`));
    await page.locator('.mail-card').nth(1).waitFor();
    const subjects = (await page.locator('.mail-card .card-title').allTextContents()).sort();
    expect(subjects).toEqual([FIRST, LIVE].sort());

    // Drift only read the INBOX: every message is still there, and none was even marked seen.
    const inbox = await imap.inbox();
    expect(inbox).toHaveLength(3);
    expect(inbox.every((message) => message.flags.length === 0)).toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.getByTestId('first-sync').getByText('First sync of this session: done').waitFor();
  });

  it('disconnects the mailbox', async () => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Yes, disconnect' }).click();
    await page.getByRole('heading', { name: 'Connect a mailbox' }).waitFor();
    await page
      .getByTestId('announcer')
      .getByText(/Mailbox disconnected/)
      .waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Connect a mailbox' }).waitFor();
    expect(await page.getByTestId('mailbox').count()).toBe(0);
    // Mail already captured stays.
    expect(await capturedSubjects()).toEqual([FIRST, LIVE].sort());
  });
});
