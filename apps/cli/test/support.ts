import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repository root; `input`, when given, is its whole standard input. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin?.end(input);
  });
}

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited early:\n${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy:\n${log()}`);
}

export function onlyJson(result: Run): Record<string, unknown> {
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines.join(''));
}

/** pnpm itself may add its own lines on stderr; ours is the one JSON line. */
export function errorOf(result: Run): { code: string; message: string } {
  const line = result.stderr.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON error on stderr: ${result.stderr}`);
  return JSON.parse(line).error;
}

export interface SpawnedServer {
  baseUrl: string;
  dataDir: string;
  /** What the CLI needs to find this server and its admin token. */
  env: NodeJS.ProcessEnv;
  /** Everything the server wrote on stdout and stderr so far. */
  output(): string;
  /** `pnpm drift ...` exactly as an operator types it, from the repository root. */
  drift(...args: string[]): Promise<Run>;
  /** The same, with `input` on its standard input. */
  driftWithInput(input: string, ...args: string[]): Promise<Run>;
  /** A REST call with an API key. */
  api(path: string, key: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `pnpm --silent serve` with a fresh data directory (embedded database), or a fresh Postgres
 * database when TEST_DATABASE_URL is set; `serverEnv` is added to the server's environment only.
 */
export async function startServer(serverEnv: NodeJS.ProcessEnv = {}): Promise<SpawnedServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drift-cli-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    DRIFT_DATA_DIR: dataDir,
    PORT: String(port),
    DRIFT_URL: '',
    DRIFT_ADMIN_TOKEN: '',
    LOG_LEVEL: 'warn',
  };
  const fullServerEnv: NodeJS.ProcessEnv = { ...env, DATABASE_URL: '', ...serverEnv };
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.TEST_DATABASE_URL) {
    const { createTestDatabase } = await import('@drift/db/testing');
    const database = await createTestDatabase();
    fullServerEnv.DATABASE_URL = database.databaseUrl;
    await database.prisma.$disconnect();
    dropDatabase = () => database.close();
  }
  let output = '';
  const server = spawn('pnpm', ['--silent', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...fullServerEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const close = async () => {
    if (server.pid && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    await dropDatabase?.();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, server, () => output);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    baseUrl,
    dataDir,
    env,
    output: () => output,
    drift: (...args) => run('pnpm', ['drift', ...args], env),
    driftWithInput: (input, ...args) => run('pnpm', ['drift', ...args], env, input),
    api: (path, key, init = {}) =>
      fetch(`${baseUrl}/api/v1${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${key}`, ...init.headers },
      }),
    close,
  };
}
