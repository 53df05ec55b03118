import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnGroup } from '@drift/mail/testing';

export const ROOT = resolve(import.meta.dirname, '../../../..');

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
  const server = spawnGroup('pnpm', ['--silent', script], {
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
  });
  const { output } = server;
  const stop = async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  let healthy = false;
  while (Date.now() < deadline) {
    if (!server.running()) break;
    if (!healthy) {
      try {
        healthy = (await fetch(`${baseUrl}/healthz`)).ok;
      } catch {
        // not listening yet
      }
    }
    const demo = healthy ? parseDemo(output()) : null;
    if (demo) return { baseUrl, demo, output, stop };
    await sleep(250);
  }
  await stop();
  throw new Error(
    `the server did not start with a demo account (healthy: ${healthy}, exit: ${server.child.exitCode}):\n${output()}`,
  );
}
