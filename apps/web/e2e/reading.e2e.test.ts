// Reading and correcting mail in headless Chromium against the real server (issue 14): a new user
// in Europe/Berlin, eight real-looking messages through the inbound address, the mail list sorted,
// searched and counted, a message opened (safe HTML, headers, thread, why), a category corrected,
// the playbook reached from "playbook is ready", and axe-core on every page.
// The tests run in order and build on each other (one account, one browser page).
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { utcIsoToZonedLocal } from '../src/lib/time.ts';
import { seriousAxeFindings } from './support/axe.ts';
import { browserSuiteHooks, openPage, screenshot } from './support/browser.ts';
import { type RawMail, rawMail } from './support/mail.ts';
import { type RunningServer, startServer } from './support/server.ts';

const BROWSER_ZONE = 'Europe/Berlin';
const REMOTE_IMAGE = 'https://images.drift-e2e.test/banner.gif';
const ONE_PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const DAY = 24 * 3_600_000;

let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
/** Requests for the remote image: none until the reader asks for it. */
const remoteImageRequests: string[] = [];

const state: { sessionId?: string; inboundPath?: string; ids: Record<string, string> } = { ids: {} };

const url = (hash = '') => `${server.baseUrl}/${hash ? `#${hash}` : ''}`;

async function goto(hash: string): Promise<void> {
  await page.goto(url(hash));
  await page.locator('main h1').first().waitFor();
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the REST API, read by the assertions
async function rest(path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    headers: { Authorization: `Bearer ${server.demo.apiKey}` },
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Clicks counted, to show how few a task takes. */
let clicks = 0;
async function click(locator: ReturnType<Page['locator']>): Promise<void> {
  clicks += 1;
  await locator.click();
}

/** The eight messages of a first week away, keyed by what each one is. */
function corpus(owner: string): Record<string, RawMail> {
  return {
    outage: {
      from: 'ops@client.example',
      fromName: 'Client Ops',
      to: owner,
      subject: 'Production outage: checkout down since 09:10',
      body: 'Hi,\n\nOur checkout has been down since 09:10 and customers cannot pay. We need your decision on the rollback today, before 15:00.\n\nPlease call me as soon as you read this.\n\nMarta',
    },
    review: {
      from: 'priya@partner.example',
      fromName: 'Priya Raman',
      to: owner,
      subject: 'Review of the Q3 plan',
      body: 'Hello,\n\nCould you review the attached Q3 plan and send me your comments by next Friday?\n\nBest, Priya',
      messageId: 'q3-plan@partner.example',
    },
    reviewDone: {
      from: 'priya@partner.example',
      fromName: 'Priya Raman',
      to: owner,
      subject: 'Re: Review of the Q3 plan',
      body: 'Never mind, Sam reviewed it and we sent it off. Nothing needed from you any more.\n\nPriya',
      inReplyTo: 'q3-plan@partner.example',
    },
    vipLunch: {
      from: 'boss@example.com',
      fromName: 'The Boss',
      to: owner,
      subject: 'Lunch next week?',
      body: 'Hi,\n\nlunch next week? No rush, tell me when you are back.\n\nB.',
    },
    facilities: {
      from: 'facilities@example.com',
      fromName: 'Facilities',
      to: 'all-staff@example.com',
      cc: owner,
      subject: 'Heating maintenance on Saturday',
      body: 'Dear all,\n\nthe heating in building B will be serviced on Saturday between 8:00 and 12:00. No action is needed.\n\nFacilities',
    },
    newsletter: {
      from: 'news@digest.example',
      fromName: 'Weekly Digest',
      to: owner,
      subject: 'The weekly roundup: ten stories from the newsletter',
      body: 'This week in our newsletter digest: the monthly roundup of stories, the changelog, and more.\n\nUnsubscribe: https://digest.example/u',
      headers: [
        ['List-Unsubscribe', '<https://digest.example/unsubscribe>'],
        ['List-Id', 'Weekly Digest <weekly.digest.example>'],
        ['Precedence', 'bulk'],
      ],
    },
    promotion: {
      from: 'deals@shop.example',
      fromName: 'Shop Deals',
      to: owner,
      subject: 'Flash sale: 50% off everything, limited time offer',
      body: 'Huge discount! Save 50% off with coupon code SAVE50. Shop now, offer ends soon. Free shipping on all orders.',
      html: `<p>Huge discount! <b>Save 50%</b> with coupon code SAVE50.</p><img src="${REMOTE_IMAGE}" alt="Sale banner"><script>window.__pwned = true</script><p><a href="javascript:window.__pwned=true">Shop now</a> <img src="x" onerror="window.__pwned = true"></p>`,
      headers: [
        ['List-Unsubscribe', '<https://shop.example/unsubscribe>'],
        ['Precedence', 'bulk'],
      ],
    },
    invoice: {
      from: 'billing@vendor.example',
      fromName: 'Vendor Billing',
      to: owner,
      subject: 'Invoice 2291 is due',
      body: 'Hello,\n\nplease approve invoice 2291 (EUR 1,240) so that we can process the payment this month.\n\nVendor Billing',
      html: '<p>Hello,</p><p>please <strong>approve invoice 2291</strong> (EUR 1,240) so that we can process the payment this month.</p><p>Vendor Billing</p>',
    },
  };
}

beforeAll(async () => {
  server = await startServer({ script: 'serve' });
  ({
    browser,
    page,
    errors: pageErrors,
  } = await openPage({ viewport: { width: 1280, height: 900 }, timezoneId: BROWSER_ZONE, locale: 'en-GB' }));
  // The remote image's host does not exist: the route answers for it, and counts that it was asked.
  await page.context().route(`${REMOTE_IMAGE}*`, async (route) => {
    remoteImageRequests.push(route.request().url());
    await route.fulfill({ status: 200, contentType: 'image/gif', body: ONE_PIXEL_GIF });
  });
});

browserSuiteHooks(() => ({ server, browser, page, errors: pageErrors }));

async function sessionIdFromUrl(): Promise<string> {
  await page.waitForURL(/#\/sessions\/sess_[^/?]+$/);
  return /#\/sessions\/(sess_[^/?]+)$/.exec(page.url())?.[1] as string;
}

/** The email the server stored, as the REST API returns it. */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the REST API, read by the assertions
async function storedEmails(): Promise<any[]> {
  return (await rest(`/emails?session_id=${state.sessionId}&limit=100`)).body.data;
}

const CHIP: Record<string, string> = {
  urgent: 'Urgent',
  action_required: 'Action required',
  fyi: 'FYI',
  newsletter: 'Newsletters',
  promotional: 'Promotional',
  resolved: 'Resolved',
};

describe('reading and correcting mail', () => {
  it('signs in and takes the browser zone for the account', async () => {
    await page.goto(url());
    await page.getByLabel('Email').fill(server.demo.email);
    await page.getByLabel('Password').fill(server.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'OOO sessions' }).waitFor();
    // A new account is on UTC; the browser is in Berlin: the dashboard offers the browser's zone.
    await page.getByTestId('zone-banner').waitFor();
    await page.getByRole('button', { name: `Use ${BROWSER_ZONE}` }).click();
    await page.locator('.footer', { hasText: `Times in ${BROWSER_ZONE}` }).waitFor();
    await page.getByTestId('zone-banner').waitFor({ state: 'detached' });
    await screenshot(page, 'zone-taken-from-browser');
  });

  it('searches current zone names and refuses an unknown one', async () => {
    await goto('/settings');
    const zone = page.getByLabel('Time zone');
    const suggestions = await page.evaluate(
      (listId) => {
        const list = listId ? document.getElementById(listId) : null;
        return [...(list?.querySelectorAll('option') ?? [])].map((o) => (o as HTMLOptionElement).value);
      },
      await zone.getAttribute('list'),
    );
    expect(suggestions).toContain('Europe/Berlin');
    expect(suggestions).toContain('America/Argentina/Buenos_Aires');
    expect(suggestions.length).toBeGreaterThan(300);
    state.inboundPath = new URL(await page.getByLabel('Inbound URL').inputValue()).pathname;

    await zone.fill('Berlin');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(/^“Berlin” is not a time zone Drift knows/).waitFor();
    await zone.fill(BROWSER_ZONE);
    await page.getByLabel('VIP senders').fill('boss@example.com');
    await page.getByRole('button', { name: 'Save settings' }).click();
    // Focus lands on the confirmation, so a screen reader hears it.
    await page.getByText('Settings saved.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Settings saved.');
  });

  it('schedules with sensible defaults and shows the reply that will really be sent', async () => {
    await goto('/sessions/new');
    const start = await page.getByLabel('Start', { exact: true }).inputValue();
    const end = await page.getByLabel('End', { exact: true }).inputValue();
    // Start: now, in the account's zone (a minute either way for the clock ticking over).
    const now = Date.now();
    expect(
      [-60_000, 0, 60_000].map((d) => utcIsoToZonedLocal(new Date(now + d).toISOString(), BROWSER_ZONE)),
    ).toContain(start);
    // End: 18:00 on a later day.
    expect(end).toMatch(/T18:00$/);
    expect(end > start).toBe(true);

    // No message of one's own: the standard reply, shown word for word.
    expect(await page.getByRole('radio', { name: 'Send the standard reply' }).isChecked()).toBe(true);
    const preview = await page.getByTestId('standard-reply-preview').textContent();
    expect(preview).toContain('I am out of office and will be back on');
    await page.getByRole('button', { name: 'Schedule session' }).click();
    state.sessionId = await sessionIdFromUrl();
    // Named by its dates, never by its id.
    await page
      .getByRole('heading', { level: 1, name: /^Session \d+ \w{3}( \d{4})?( – \d+ \w{3} \d{4})?$/ })
      .waitFor();
    expect(await page.getByTestId('auto-reply-choice').textContent()).toContain('The standard reply');
    const { body } = await rest(`/ooo-sessions/${state.sessionId}`);
    expect(body.status).toBe('active');
    expect(body.auto_reply_message).toBeNull();
  });

  it('lets a session send no auto-reply, and keeps Start and End aligned under an error', async () => {
    await goto('/sessions/new');
    const from = new Date(Date.now() + 20 * DAY);
    await page
      .getByLabel('Start', { exact: true })
      .fill(utcIsoToZonedLocal(from.toISOString(), BROWSER_ZONE));
    await page
      .getByLabel('End', { exact: true })
      .fill(utcIsoToZonedLocal(new Date(from.getTime() - DAY).toISOString(), BROWSER_ZONE));
    await page.getByRole('button', { name: 'Schedule session' }).click();
    await page.getByTestId('dates-error').or(page.locator('[aria-invalid="true"]').first()).first().waitFor();
    const tops = await Promise.all(
      ['Start', 'End'].map(async (label) => (await page.getByLabel(label, { exact: true }).boundingBox())?.y),
    );
    expect(Math.abs((tops[0] ?? 0) - (tops[1] ?? 1))).toBeLessThanOrEqual(1);
    await screenshot(page, 'start-end-aligned-with-error');

    await page
      .getByLabel('End', { exact: true })
      .fill(utcIsoToZonedLocal(new Date(from.getTime() + 2 * DAY).toISOString(), BROWSER_ZONE));
    await page.getByRole('radio', { name: 'Send no auto-reply' }).check();
    await page.getByRole('button', { name: 'Schedule session' }).click();
    const id = await sessionIdFromUrl();
    await page.getByTestId('auto-reply-choice').getByText('No auto-reply').waitFor();
    expect((await rest(`/ooo-sessions/${id}`)).body.auto_reply_message).toBe('');
  });

  it('captures eight messages through the inbound address', async () => {
    const mails = corpus(server.demo.email);
    for (const [key, mail] of Object.entries(mails)) {
      const response = await fetch(`${server.baseUrl}${state.inboundPath}`, {
        method: 'POST',
        headers: { 'Content-Type': 'message/rfc822' },
        body: rawMail(mail),
      });
      expect(response.status, await response.clone().text()).toBe(202);
      state.ids[key] = (await response.json()).email_id ?? '';
    }
    const stored = await storedEmails();
    expect(stored).toHaveLength(8);
    for (const [key, mail] of Object.entries(mails)) {
      state.ids[key] = stored.find((e) => e.subject === mail.subject)?.id;
      expect(state.ids[key], key).toMatch(/^em_/);
    }
  });

  it('sorts by urgency, counts each category, searches, and opens a row', async () => {
    const stored = await storedEmails();
    await goto(`/mail?session=${state.sessionId}`);
    const rows = page.locator('.mail-row');
    await rows.nth(7).waitFor();

    // Counts on the chips, as the server has them.
    const chips = page.getByRole('group', { name: 'Category' });
    await chips.getByRole('button', { name: 'All 8', exact: true }).waitFor();
    for (const [category, word] of Object.entries(CHIP)) {
      const n = stored.filter((e) => e.category === category).length;
      await chips.getByRole('button', { name: `${word} ${n}`, exact: true }).waitFor();
    }

    // Most urgent first by default, newest first on request.
    const byUrgency = [...stored].sort(
      (a, b) =>
        b.urgency_score - a.urgency_score ||
        b.received_at.localeCompare(a.received_at) ||
        b.id.localeCompare(a.id),
    );
    expect(await rows.locator('a').first().textContent()).toBe(byUrgency[0].subject);
    await page.getByLabel('Sort').selectOption({ label: 'Newest first' });
    await page.waitForURL(/sort=time/);
    await page.waitForFunction(
      (subject) => document.querySelector('.mail-row a')?.textContent === subject,
      stored[0].subject,
    );
    await screenshot(page, 'mail-list-newest-first');

    // Search by sender.
    await page.getByLabel('Search sender or subject').fill('facilities');
    await page.waitForURL(/q=facilities/);
    await chips.getByRole('button', { name: 'All 1', exact: true }).waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByLabel('Search sender or subject').fill('no such sender');
    await page.getByText('No mail matches “no such sender”.').waitFor();
    await page.getByRole('button', { name: 'Clear search' }).click();
    await rows.nth(7).waitFor();

    // A row opens its message.
    await rows.getByRole('link', { name: 'Heating maintenance on Saturday' }).click();
    await page.waitForURL(new RegExp(`#/mail/${state.ids.facilities}$`));
    await page.getByRole('heading', { level: 1, name: 'Heating maintenance on Saturday' }).waitFor();
    // Why the reply went or did not, in words.
    const autoReply = page.getByRole('region', { name: 'Auto-reply' });
    expect((await autoReply.textContent())?.length).toBeGreaterThan(30);
    await screenshot(page, 'message-cc-only-all-staff');
  });

  it('shows a message in full: sanitised HTML, remote images only when asked, why, and the reply', async () => {
    await goto(`/mail/${state.ids.promotion}`);
    await page.getByRole('heading', { level: 1, name: /^Flash sale/ }).waitFor();
    const frame = page.frameLocator('iframe.message-frame');
    await frame.getByText('Save 50%').waitFor();
    expect(await frame.locator('script').count()).toBe(0);
    expect(await frame.locator('[onerror]').count()).toBe(0);
    expect(await frame.locator('a[href^="javascript:"]').count()).toBe(0);
    const banner = frame.getByRole('img', { name: 'Sale banner' });
    expect(await banner.getAttribute('src')).toBeNull();
    expect(remoteImageRequests).toEqual([]);

    await page.getByRole('button', { name: 'Show remote images' }).click();
    await frame.locator(`img[src="${REMOTE_IMAGE}"]`).waitFor();
    await expect.poll(() => remoteImageRequests.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();

    const why = page.getByRole('region', { name: 'Why this category' });
    expect(await why.locator('li').count()).toBeGreaterThan(0);
    const autoReply = page.getByRole('region', { name: 'Auto-reply' });
    expect(await autoReply.textContent()).toContain('Not sent');
    await screenshot(page, 'message-html-remote-images-shown');

    // A list's mail is never answered, and the page says why.
    await goto(`/mail/${state.ids.newsletter}`);
    expect(await autoReply.textContent()).toMatch(/list/i);

    // A thread: both messages, this one marked.
    await goto(`/mail/${state.ids.reviewDone}`);
    await page.getByRole('heading', { name: 'Thread (2 messages)' }).waitFor();
    const current = page.locator('[aria-current="page"]', { hasText: 'Re: Review of the Q3 plan' });
    await current.waitFor();
    await page.getByRole('link', { name: 'Review of the Q3 plan', exact: true }).waitFor();
  });

  it('corrects a category from the message; counts and stats follow, and the correction is kept', async () => {
    const before = (await rest(`/ooo-sessions/${state.sessionId}`)).body.stats.urgent_count;
    // The VIP's "lunch next week? no rush": whatever triage made of it, the owner says otherwise.
    const lunch = (await storedEmails()).find((e) => e.id === state.ids.vipLunch);
    const [target, word, change] = lunch.category === 'urgent' ? ['fyi', 'FYI', -1] : ['urgent', 'Urgent', 1];
    await goto(`/mail/${state.ids.vipLunch}`);
    await page.getByLabel('Category', { exact: true }).selectOption(target as string);
    await page.getByRole('button', { name: 'Save category' }).click();
    await page
      .getByTestId('announcer')
      .getByText(new RegExp(`^Moved to ${word} \\(was `))
      .waitFor();
    expect(await page.locator('.rule-offer').textContent()).toContain('boss@example.com');
    expect((await rest(`/ooo-sessions/${state.sessionId}`)).body.stats.urgent_count).toBe(
      before + (change as number),
    );
    await goto(`/mail/${state.ids.vipLunch}`);
    await page.getByText(/^You corrected this from /).waitFor();
    await screenshot(page, 'message-corrected');
  });

  it('turns the correction into a rule that decides the next message from that sender', async () => {
    const lunch = (await storedEmails()).find((e) => e.id === state.ids.vipLunch);
    const word = lunch.category === 'urgent' ? 'Urgent' : 'FYI';
    await goto(`/mail/${state.ids.vipLunch}`);
    await page.getByRole('button', { name: `Always treat mail from boss@example.com as ${word}` }).click();
    await page
      .getByTestId('announcer')
      .getByText(
        `Rule “${word}: mail from boss@example.com” added: new mail from boss@example.com goes to ${word}.`,
      )
      .waitFor();

    // The next message from the VIP, one triage alone would not file there: the rule decides.
    const response = await fetch(`${server.baseUrl}${state.inboundPath}`, {
      method: 'POST',
      headers: { 'Content-Type': 'message/rfc822' },
      body: rawMail({
        from: 'boss@example.com',
        fromName: 'The Boss',
        to: server.demo.email,
        subject:
          lunch.category === 'urgent' ? 'Photos from the team day' : 'Need your sign-off on the budget today',
        body:
          lunch.category === 'urgent'
            ? 'Hi,\n\nthe photos from the team day are in the shared folder, for when you are back.\n\nB.'
            : 'Hi,\n\nI need your sign-off on the budget today, before 16:00, or we lose the slot.\n\nB.',
      }),
    });
    expect(response.status).toBe(202);
    const next = (await response.json()).email.id as string;
    const stored = (await storedEmails()).find((e) => e.id === next);
    expect(stored.category).toBe(lunch.category);
    await goto(`/mail/${next}`);
    await page.getByText(`Your rule “${word}: mail from boss@example.com” decided this.`).waitFor();
    await page.getByRole('link', { name: 'See your rules' }).click();
    await page.locator('main h1', { hasText: 'Rules' }).waitFor();
    await page.getByText(`${word}: mail from boss@example.com`).first().waitFor();
    await screenshot(page, 'rule-from-correction');
  });

  it('goes from "playbook is ready" to the urgent message and another correction in under five clicks', async () => {
    await goto(`/sessions/${state.sessionId}`);
    await page.getByRole('button', { name: 'End early' }).click();
    await page.getByRole('button', { name: 'Yes, end it now' }).click();
    const ready = page.getByTestId('ended-notice');
    await ready.waitFor();
    await ready.getByText(/ready/).waitFor();

    clicks = 0;
    await click(ready.getByRole('link', { name: 'your return playbook' }));
    await page.getByRole('heading', { level: 1, name: /^Return playbook: / }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').textContent(),
    ).toBe('Playbooks');
    const outage = 'Production outage: checkout down since 09:10';
    await click(page.locator('summary', { hasText: `Full text of “${outage}”` }));
    await page
      .locator('.playbook-item', { hasText: outage })
      .getByText(/customers cannot pay/)
      .waitFor();
    const invoice = 'Invoice 2291 is due';
    const invoiceItem = page.locator('.playbook-item', { hasText: invoice });
    await click(invoiceItem.locator('summary', { hasText: `Change category of “${invoice}”` }));
    await click(
      page.getByRole('group', { name: `Move “${invoice}” to` }).getByRole('button', { name: 'FYI' }),
    );
    await page
      .getByTestId('announcer')
      .getByText(/^Moved to FYI/)
      .waitFor();
    expect(clicks).toBeLessThan(5);

    // The playbook follows at once, and the server says the same.
    await page.locator('[data-section="fyi-items"]', { hasText: invoice }).waitFor();
    await screenshot(page, 'playbook-after-correction');
    const { body } = await rest(`/playbooks?session_id=${state.sessionId}`);
    expect(body.data[0].fyi_items.map((i: { subject: string }) => i.subject)).toContain(invoice);
    expect(body.data[0].action_items.map((i: { subject: string }) => i.subject)).not.toContain(invoice);

    // What the playbook filtered out stays one click away.
    await page.getByRole('link', { name: 'Review 1 newsletter' }).click();
    await page.waitForURL(/category=newsletter/);
    await page.locator('.mail-row', { hasText: 'The weekly roundup' }).waitFor();
  });

  it('puts focus on the key list after a revoke', async () => {
    await goto('/keys');
    await page.getByLabel(/Name/).fill('Focus check');
    await page.getByRole('checkbox', { name: /read:ooo/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const card = page.locator('.key-card', { hasText: 'Focus check' });
    await card.getByRole('button', { name: 'Revoke' }).click();
    await card.getByRole('button', { name: 'Yes, revoke it' }).click();
    await card.locator('.badge', { hasText: /^Revoked / }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Your keys');
  });

  it('says the server cannot be reached within 5 s instead of loading forever', async () => {
    await goto('/sessions');
    await page.context().setOffline(true);
    const started = Date.now();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.getByText(/Cannot reach Drift|Drift is slow to answer/).waitFor({ timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await screenshot(page, 'offline-message');
    await page.context().setOffline(false);
    await page.getByRole('button', { name: 'Retry' }).first().click();
    await page.getByRole('heading', { level: 1, name: /Mailbox/ }).waitFor();
    // The page's failed fetches while offline are the network, not the app.
    pageErrors.splice(0);
  });

  it('keeps the phone menu on one row', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await goto('/sessions');
    const tops = await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link')
      .evaluateAll((links) => [...new Set(links.map((l) => Math.round(l.getBoundingClientRect().top)))]);
    expect(tops).toHaveLength(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-menu');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('has no serious or critical accessibility findings on any page, light or dark', async () => {
    const pages = [
      '/sessions',
      `/sessions/${state.sessionId}`,
      '/sessions/new',
      `/sessions/${state.sessionId}/playbook`,
      '/playbooks',
      `/mail?session=${state.sessionId}`,
      `/mail/${state.ids.promotion}`,
      `/mail/${state.ids.reviewDone}`,
      '/mailbox',
      '/webhooks',
      '/rules',
      '/keys',
      '/settings',
    ];
    const findings: Record<string, unknown[]> = {};
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const hash of pages) {
        await goto(hash);
        await page.waitForFunction(() => !document.querySelector('main .loading'));
        const found = await seriousAxeFindings(page);
        if (found.length > 0) findings[`${scheme} ${hash}`] = found;
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // And the sign-in page, signed out.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const signIn = await seriousAxeFindings(page);
    if (signIn.length > 0) findings['sign-in'] = signIn;
    expect(findings).toEqual({});
  });
});
