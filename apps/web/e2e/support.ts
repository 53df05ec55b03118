import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');

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

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') return fail(new Error('no port'));
      server.close(() => done(address.port));
    });
  });
}

export interface DemoCredentials {
  apiKey: string;
  email: string;
  password: string;
}

export interface RunningServer {
  baseUrl: string;
  demo: DemoCredentials;
  output: () => string;
  stop: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the server prints once at first start: the demo key and the demo user's sign-in. */
export function parseDemo(output: string): DemoCredentials | null {
  const apiKey = /Demo API key \(shown once, keep it\): (\S+)/.exec(output)?.[1];
  const signIn = /sign in as (\S+) with password (\S+)/.exec(output);
  if (!apiKey || !signIn?.[1] || !signIn[2]) return null;
  return { apiKey, email: signIn[1], password: signIn[2] };
}

export interface StartServerOptions {
  /**
   * `start` builds the app and serves it, as an operator runs it; `serve` only serves the `dist/`
   * that the global setup built, which saves a build when a second suite needs its own server.
   */
  script?: 'start' | 'serve';
  /** More environment for the server, such as NODE_EXTRA_CA_CERTS. */
  env?: Record<string, string>;
}

/**
 * `pnpm --silent start` from the repository root, as an operator runs it, on the embedded database
 * in a fresh temporary data directory (the demo account exists only there) and a free port.
 */
export async function startServer({
  script = 'start',
  env = {},
}: StartServerOptions = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drift-web-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const server: ChildProcess = spawn('pnpm', ['--silent', script], {
    cwd: ROOT,
    env: {
      ...process.env,
      DRIFT_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      DRIFT_URL: '',
      DRIFT_ADMIN_TOKEN: '',
      SMTP_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });

  const stop = async () => {
    if (server.exitCode === null && server.pid) {
      const exited = new Promise((r) => server.once('exit', r));
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, sleep(15_000)]);
      if (server.exitCode === null) {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  let healthy = false;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    if (!healthy) {
      try {
        healthy = (await fetch(`${baseUrl}/healthz`)).ok;
      } catch {
        // not listening yet
      }
    }
    const demo = healthy ? parseDemo(output) : null;
    if (demo) return { baseUrl, demo, output: () => output, stop };
    await sleep(250);
  }
  await stop();
  throw new Error(
    `the server did not start with a demo account (healthy: ${healthy}, exit: ${server.exitCode}):\n${output}`,
  );
}

export interface RawMail {
  from: string;
  fromName?: string;
  to: string;
  subject: string;
  body: string;
  headers?: [string, string][];
}

/** A plain RFC 5322 message with CRLF line endings and a fresh Message-ID. */
export function rawMail(mail: RawMail): string {
  const lines = [
    `From: ${mail.fromName ? `"${mail.fromName}" ` : ''}<${mail.from}>`,
    `To: <${mail.to}>`,
    `Subject: ${mail.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomBytes(8).toString('hex')}@e2e.drift.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    ...(mail.headers ?? []).map(([name, value]) => `${name}: ${value}`),
    '',
    ...mail.body.split('\n'),
    '',
  ];
  return lines.join('\r\n');
}

/** Where every test leaves its screenshot (git-ignored). */
export const ARTIFACTS = join(import.meta.dirname, 'artifacts');

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
