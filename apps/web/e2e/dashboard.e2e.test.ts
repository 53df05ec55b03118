// The dashboard end to end, in headless Chromium against the real server: sign in, settings,
// schedule, overlap, cancel, mail by category, end early, playbook, API keys, sign out, phone width.
// The tests run in order and build on each other (one account, one browser page).
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { utcIsoToZonedLocal } from '../src/lib/time.ts';
import { browserSuiteHooks, openPage, screenshot } from './support/browser.ts';
import { rawMail } from './support/mail.ts';
import { type RunningServer, startServer } from './support/server.ts';

/** The account's zone, set through Settings; the browser itself runs in another one. */
const ACCOUNT_ZONE = 'America/New_York';
const BROWSER_ZONE = 'Asia/Tokyo';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

/** What the tests learn along the way. */
const state: {
  inboundPath?: string;
  scheduledId?: string;
  activeId?: string;
  seededSubjects: string[];
} = { seededSubjects: [] };

const url = (hash = '') => `${server.baseUrl}/${hash ? `#${hash}` : ''}`;

/** The REST API, as a third party calls it. */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the REST API, read by the assertions
async function rest(path: string, key = server.demo.apiKey): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** A whole minute, so that datetime-local (minute precision) round-trips exactly. */
function atMinute(ms: number): Date {
  return new Date(Math.floor(ms / 60_000) * 60_000);
}

async function goto(hash: string): Promise<void> {
  await page.goto(url(hash));
  await page.locator('main h1').first().waitFor();
}

async function fillSessionForm(start: Date, end: Date, message?: string): Promise<void> {
  await page.getByLabel('Start', { exact: true }).fill(utcIsoToZonedLocal(start.toISOString(), ACCOUNT_ZONE));
  await page.getByLabel('End', { exact: true }).fill(utcIsoToZonedLocal(end.toISOString(), ACCOUNT_ZONE));
  if (message !== undefined) await page.getByLabel(/Auto-reply message/).fill(message);
}

/** The session id the app navigated to after saving: `#/sessions/<id>`. */
async function sessionIdFromUrl(): Promise<string> {
  await page.waitForURL(/#\/sessions\/sess_[^/?]+$/);
  const id = /#\/sessions\/(sess_[^/?]+)$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no session id in ${page.url()}`);
  return id;
}

async function headBadge(text: string): Promise<void> {
  await page.locator('.page-head .badge', { hasText: text }).waitFor();
}

/**
 * The actions a session's page asks to confirm: the status before and after, the answer that
 * confirms, the announcement, and the question where a test reads it.
 */
const SESSION_ACTIONS: Record<
  'Cancel session' | 'End early',
  { from: string; question?: string; confirm: string; to: string; announced: RegExp }
> = {
  'Cancel session': {
    from: 'Scheduled',
    question: 'Cancel this session? It will not start.',
    confirm: 'Yes, cancel it',
    to: 'Cancelled',
    announced: /Session cancelled/,
  },
  'End early': { from: 'Active', confirm: 'Yes, end it now', to: 'Completed', announced: /Session ended/ },
};

/** On the session's page: presses `action`, confirms it, then waits for the new status and the announcement. */
async function confirmOnSession(id: string | undefined, action: keyof typeof SESSION_ACTIONS): Promise<void> {
  const step = SESSION_ACTIONS[action];
  await goto(`/sessions/${id}`);
  await headBadge(step.from);
  await page.getByRole('button', { name: action }).click();
  if (step.question) await page.getByText(step.question).waitFor();
  await page.getByRole('button', { name: step.confirm }).click();
  await headBadge(step.to);
  await page.getByTestId('announcer').getByText(step.announced).waitFor();
}

beforeAll(async () => {
  server = await startServer();
  ({
    browser,
    page,
    errors: pageErrors,
  } = await openPage({
    viewport: { width: 1280, height: 900 },
    timezoneId: BROWSER_ZONE,
    locale: 'en-GB',
  }));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
});

browserSuiteHooks(() => ({ server, browser, page, errors: pageErrors }));

describe('the Drift dashboard', () => {
  it('signs in', async () => {
    await page.goto(url());
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // Empty form: said in words, next to the fields.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter your email address.').waitFor();

    await page.getByLabel('Email').fill(server.demo.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Email or password is incorrect');

    await page.getByLabel('Password').fill(server.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'OOO sessions' }).waitFor();
    expect(await page.locator('.account .plan').textContent()).toBe('Team Growth plan');
    await page.getByText('No sessions yet.').waitFor();

    // The session survives a reload (cookie), and the CSRF token is fetched again from auth.me.
    await page.reload();
    await page.getByRole('heading', { name: 'OOO sessions' }).waitFor();
  });

  it('saves settings and shows the inbound address', async () => {
    await goto('/settings');
    const inbound = page.getByLabel('Inbound URL');
    const inboundUrl = await inbound.inputValue();
    expect(inboundUrl).toMatch(new RegExp(`^${server.baseUrl}/inbound/\\S+$`));
    state.inboundPath = new URL(inboundUrl).pathname;

    // A bad VIP entry is refused next to the list, before anything is sent.
    await page.getByLabel('VIP senders').fill('boss@example.com, bob@');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('“bob@” is not an email address.').waitFor();

    await page.getByLabel('VIP senders').fill('boss@example.com');
    await page.getByLabel('Urgent keywords').fill('outage, contract');
    await page.getByRole('combobox', { name: 'Time zone' }).fill(ACCOUNT_ZONE);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.locator('.footer', { hasText: `Times in ${ACCOUNT_ZONE}` }).waitFor();
  });

  it('schedules a session', async () => {
    await goto('/sessions');
    await page.locator('.page-head').getByRole('link', { name: 'Schedule a session' }).click();
    await page.getByRole('heading', { name: 'Schedule a session' }).waitFor();

    const start = atMinute(Date.now() + 3 * DAY + 2 * HOUR);
    const end = new Date(start.getTime() + 3 * DAY);
    await fillSessionForm(start, end, 'I am away this week; back soon.');
    await page.getByRole('button', { name: 'Schedule session' }).click();
    state.scheduledId = await sessionIdFromUrl();
    await headBadge('Scheduled');
    await page.locator('.page-head .countdown', { hasText: /^starts in 3 d \d+ h$/ }).waitFor();

    // The times typed in the account zone (not the browser's) reached the server as these instants.
    const { status, body } = await rest(`/ooo-sessions/${state.scheduledId}`);
    expect(status).toBe(200);
    expect(body.start_date).toBe(start.toISOString());
    expect(body.end_date).toBe(end.toISOString());
    expect(body.status).toBe('scheduled');
    expect(body.auto_reply_message).toBe('I am away this week; back soon.');

    await goto('/sessions');
    await page.locator(`[data-session-id="${state.scheduledId}"] .badge`, { hasText: 'Scheduled' }).waitFor();
  });

  it('shows the overlap error next to the dates', async () => {
    const scheduled = (await rest(`/ooo-sessions/${state.scheduledId}`)).body;
    await goto('/sessions/new');
    const start = new Date(Date.parse(scheduled.start_date) + DAY);
    await fillSessionForm(start, new Date(start.getTime() + 4 * DAY));
    await page.getByRole('button', { name: 'Schedule session' }).click();
    const error = page.getByTestId('dates-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('These dates overlap another session');
    // The other session is named by its dates and linked.
    expect(await error.getByRole('link').getAttribute('href')).toBe(`#/sessions/${state.scheduledId}`);
    // The start and end fields point at the message.
    expect(await page.getByLabel('Start', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/#\/sessions\/new$/);
  });

  it('edits and deletes a scheduled session', async () => {
    await goto('/sessions/new');
    const start = atMinute(Date.now() + 20 * DAY);
    await fillSessionForm(start, new Date(start.getTime() + 2 * DAY));
    await page.getByRole('button', { name: 'Schedule session' }).click();
    const id = await sessionIdFromUrl();
    await headBadge('Scheduled');

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit session' }).waitFor();
    const newEnd = new Date(start.getTime() + 4 * DAY);
    await page
      .getByLabel('End', { exact: true })
      .fill(utcIsoToZonedLocal(newEnd.toISOString(), ACCOUNT_ZONE));
    await page.getByLabel(/Auto-reply message/).fill('Travelling; answers may be slow.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`#/sessions/${id}$`));
    await page.getByTestId('announcer').getByText('Session saved.').waitFor();
    await page.getByText('Travelling; answers may be slow.').waitFor();
    const edited = (await rest(`/ooo-sessions/${id}`)).body;
    expect(edited.start_date).toBe(start.toISOString());
    expect(edited.end_date).toBe(newEnd.toISOString());

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForURL(/#\/sessions$/);
    await page
      .getByTestId('announcer')
      .getByText(/^Session \d+ \w+ (\d{4} )?– \d+ \w+ \d{4} deleted\.$/)
      .waitFor();
    expect((await rest(`/ooo-sessions/${id}`)).status).toBe(404);
  });

  it('cancels a scheduled session', async () => {
    await confirmOnSession(state.scheduledId, 'Cancel session');
    const { body } = await rest(`/ooo-sessions/${state.scheduledId}`);
    expect(body.status).toBe('cancelled');
  });

  it('browses captured mail by category', async () => {
    // An active session: it started an hour ago.
    await goto('/sessions/new');
    const start = atMinute(Date.now() - HOUR);
    await fillSessionForm(
      start,
      atMinute(Date.now() + 2 * DAY),
      'Out until Friday. For urgent matters call Sam.',
    );
    await page.getByRole('button', { name: 'Schedule session' }).click();
    state.activeId = await sessionIdFromUrl();
    await headBadge('Active');
    await page.locator('.page-head .countdown', { hasText: /^running, ends in / }).waitFor();

    const to = server.demo.email;
    const mails = [
      {
        from: 'boss@example.com',
        fromName: 'The Boss',
        to,
        subject: 'Board deck needed before the meeting',
        body: 'Hi,\n\nCan you send me the board deck today? The meeting starts tomorrow at 9.\n\nThanks',
      },
      {
        from: 'priya@partner.example',
        fromName: 'Priya Raman',
        to,
        subject: 'Review of the Q3 plan',
        body: 'Hello,\n\nCould you review the attached Q3 plan and send me your comments by next week?\n\nBest, Priya',
      },
      {
        from: 'news@digest.example',
        fromName: 'Weekly Digest',
        to,
        subject: 'The weekly roundup: ten stories from the newsletter',
        body: 'This week in our newsletter digest: the monthly roundup of stories, the changelog, and more.\n\nUnsubscribe: https://digest.example/u',
        headers: [
          ['List-Unsubscribe', '<https://digest.example/unsubscribe>'],
          ['List-Id', 'Weekly Digest <weekly.digest.example>'],
          ['Precedence', 'bulk'],
        ] as [string, string][],
      },
      {
        from: 'deals@shop.example',
        fromName: 'Shop Deals',
        to,
        subject: 'Flash sale: 50% off everything, limited time offer',
        body: 'Huge discount! Save 50% off with coupon code SAVE50. Shop now, offer ends soon. Free shipping on all orders. Buy now!',
        headers: [
          ['List-Unsubscribe', '<https://shop.example/unsubscribe>'],
          ['Precedence', 'bulk'],
        ] as [string, string][],
      },
      {
        from: 'jonas@example.org',
        fromName: 'Jonas Weber',
        to,
        subject: 'Team lunch moved to Thursday',
        body: 'Hi all,\n\nJust so you know, the team lunch moved to Thursday. No action needed.\n\nJonas',
      },
    ];
    for (const mail of mails) {
      const response = await fetch(`${server.baseUrl}${state.inboundPath}`, {
        method: 'POST',
        headers: { 'Content-Type': 'message/rfc822' },
        body: rawMail(mail),
      });
      expect(response.status, await response.clone().text()).toBe(202);
      const result = await response.json();
      expect(result.captured).toBe(true);
      state.seededSubjects.push(mail.subject);
    }

    // What the server decided, to compare with what the page shows.
    const { body } = await rest(`/emails?session_id=${state.activeId}&limit=100`);
    const emails: { subject: string; category: string; auto_replied: boolean }[] = body.data;
    expect(emails).toHaveLength(mails.length);
    const categories = [...new Set(emails.map((e) => e.category))];
    expect(categories.length).toBeGreaterThanOrEqual(2);

    await goto(`/mail?session=${state.activeId}`);
    const category = page.getByRole('group', { name: 'Category' });
    const subjects = async () => (await page.locator('.mail-card .card-title').allTextContents()).sort();
    await page
      .locator('.mail-card')
      .nth(mails.length - 1)
      .waitFor();
    expect(await subjects()).toEqual(emails.map((e) => e.subject).sort());
    expect(await page.locator('.mail-card .tag-replied').count()).toBe(
      emails.filter((e) => e.auto_replied).length,
    );
    // Every message shows its urgency as a number with its colour.
    expect(await page.locator('.mail-card .urgency').count()).toBe(mails.length);

    const LABELS: Record<string, string> = {
      urgent: 'Urgent',
      action_required: 'Action required',
      fyi: 'FYI',
      newsletter: 'Newsletters',
      promotional: 'Promotional',
      resolved: 'Resolved',
    };
    for (const name of categories) {
      await category.getByRole('button', { name: new RegExp(`^${LABELS[name]} \\d+$`) }).click();
      await page.waitForURL(new RegExp(`category=${name}`));
      const expected = emails
        .filter((e) => e.category === name)
        .map((e) => e.subject)
        .sort();
      // Wait until the list holds only this category (the previous page stays while loading).
      await page.waitForFunction(
        ({ want, category }) => {
          const cards = [...document.querySelectorAll<HTMLElement>('.mail-card')];
          return cards.length === want && cards.every((c) => c.dataset.category === category);
        },
        { want: expected.length, category: name },
      );
      expect(await subjects()).toEqual(expected);
    }

    // A category with no mail says so.
    const empty = Object.keys(LABELS).find((c) => !categories.includes(c));
    if (empty) {
      await category.getByRole('button', { name: `${LABELS[empty]} 0` }).click();
      await page.getByText(/^No .* mail in this session\.$/).waitFor();
    }
    await category.getByRole('button', { name: /^All \d+$/ }).click();
    await page
      .locator('.mail-card')
      .nth(mails.length - 1)
      .waitFor();
  });

  it('ends an active session early', async () => {
    await confirmOnSession(state.activeId, 'End early');
    await page.getByRole('link', { name: 'Open the playbook' }).waitFor();
    const { body } = await rest(`/ooo-sessions/${state.activeId}`);
    expect(body.status).toBe('completed');
    expect(body.playbook).not.toBeNull();
    expect(body.playbook.viewed_at).toBeNull();
  });

  it('opens the playbook and marks it viewed', async () => {
    await goto(`/sessions/${state.activeId}`);
    await page.getByText('Not viewed yet').waitFor();
    await page.getByRole('link', { name: 'Open the playbook' }).click();
    await page.getByRole('heading', { name: 'Return playbook' }).waitFor();
    await page.getByTestId('viewed-badge').waitFor();
    expect(await page.getByTestId('viewed-badge').textContent()).toMatch(/^Viewed /);

    // Action items first, then FYI, then resolved.
    const order = await page
      .locator('.playbook-section')
      .evaluateAll((sections) => sections.map((s) => (s as HTMLElement).dataset.section));
    expect(order).toEqual(['action-items', 'fyi-items', 'resolved-items']);
    await page.locator('.stats').getByText('Time saved').waitFor();
    const actionSubjects = await page.locator('[data-section="action-items"] .card-title').allTextContents();
    expect(actionSubjects.every((s) => state.seededSubjects.includes(s))).toBe(true);

    await screenshot(page, 'playbook-page');

    const { body } = await rest(`/playbooks?session_id=${state.activeId}`);
    expect(body.data).toHaveLength(1);
    expect(body.data[0].viewed_at).not.toBeNull();

    // The list names it by the session's dates and links to it.
    await goto('/playbooks');
    const card = page.locator('.card', { has: page.getByRole('link', { name: /^Playbook for / }) });
    await card.getByText(/^Viewed /).waitFor();
    expect(await card.getByRole('link').first().getAttribute('href')).toBe(
      `#/sessions/${state.activeId}/playbook`,
    );
  });

  it('creates an API key, uses it, and revokes it', async () => {
    await goto('/keys');
    await page.getByRole('heading', { name: 'Create a key' }).waitFor();

    // No scope: refused in words before anything is sent.
    await page.getByLabel(/Name/).fill('E2E reporting');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText(/Choose at least one scope/).waitFor();

    await page.getByRole('checkbox', { name: /read:ooo/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('new-key').waitFor();
    const key = await page.locator('#new-key-value').inputValue();
    expect(key).toMatch(/^drift_/);

    await page.getByRole('button', { name: 'Copy' }).click();
    const hint = page.locator('.copy-field .hint');
    await page.waitForFunction(() => (document.querySelector('.copy-field .hint')?.textContent ?? '') !== '');
    const copied = (await hint.textContent())?.startsWith('Copied');
    if (copied) expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    else expect(await hint.textContent()).toContain('press Ctrl+C');

    // The key works with the REST API, within its scope.
    const allowed = await rest('/ooo-sessions', key);
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.length).toBeGreaterThanOrEqual(2);
    expect((await rest('/emails', key)).status).toBe(403);

    await page.getByRole('button', { name: 'I have copied it' }).click();
    const card = page.locator('.key-card', { hasText: 'E2E reporting' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Revoke' }).click();
    await card.getByRole('button', { name: 'Yes, revoke it' }).click();
    await card.locator('.badge', { hasText: /^Revoked / }).waitFor();
    await page
      .getByTestId('announcer')
      .getByText(/Key revoked/)
      .waitFor();

    // Now the API refuses it.
    const refused = await rest('/ooo-sessions', key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('INVALID_API_KEY');
    // After a reload the list still says revoked (not only the optimistic update).
    await page.reload();
    await page
      .locator('.key-card', { hasText: 'E2E reporting' })
      .locator('.badge', { hasText: /^Revoked / })
      .waitFor();
  });

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const pages: [string, string][] = [
      ['sessions', '/sessions'],
      ['mail', `/mail?session=${state.activeId}`],
      ['playbook', `/sessions/${state.activeId}/playbook`],
      ['keys', '/keys'],
      ['webhooks', '/webhooks'],
      ['rules', '/rules'],
      ['mailbox', '/mailbox'],
      ['settings', '/settings'],
    ];
    for (const [name, hash] of pages) {
      await goto(hash);
      await page.locator('main .card, main .empty').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${hash}`).toBeLessThanOrEqual(0);
      await screenshot(page, `phone-${name}`);
    }
    await goto('/sessions');
    await page.locator('.session-card').first().waitFor();
  });

  it('signs out', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await goto('/sessions');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
