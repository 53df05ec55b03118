import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, expect } from 'vitest';
import type { RunningServer } from './server.ts';

/** Flags for Debian's Chromium in a container: no sandbox, no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where every test leaves its screenshot (git-ignored). */
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

export interface OpenedPage {
  browser: Browser;
  page: Page;
  /** Uncaught exceptions and console errors (a CSP violation is one): they fail the test. */
  errors: string[];
}

/** Debian's Chromium with one page, its errors collected. */
export async function openPage(contextOptions: BrowserContextOptions): Promise<OpenedPage> {
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const page = await (await browser.newContext(contextOptions)).newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Refused requests (the 401 of auth.me while signed out) are the API speaking, not a page error.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
      errors.push(message.text());
    }
  });
  return { browser, page, errors };
}

/** `artifacts/<name as a slug>.png`, the whole page. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  await page.screenshot({ path: join(ARTIFACTS, `${slug}.png`), fullPage: true });
}

/** What a browser suite holds once its `beforeAll` has run. */
export interface BrowserSuite {
  server?: RunningServer;
  browser?: Browser;
  page?: Page;
  errors: string[];
}

/**
 * The hooks of every browser suite: after each test a screenshot, and no error in the page; after
 * all, the browser and the server stopped, then whatever else the suite started (`cleanUp`).
 */
export function browserSuiteHooks(suite: () => BrowserSuite, cleanUp?: () => Promise<void>): void {
  afterEach(async (ctx) => {
    const { page, errors } = suite();
    if (page) await screenshot(page, ctx.task.name);
    expect(errors.splice(0), 'errors in the page').toEqual([]);
  });
  afterAll(async () => {
    const { browser, server } = suite();
    await browser?.close();
    await server?.stop();
    await cleanUp?.();
  });
}
