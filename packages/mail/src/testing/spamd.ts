import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

const SPAMD = '/usr/sbin/spamd';
/** The stock rules of Debian's spamassassin package; nothing comes from sa-update. */
const STOCK_RULES = '/usr/share/spamassassin';
/** Debian's site config: its .pre files load the plugins the stock rules need (Check runs them all). */
const SITE_CONFIG = '/etc/spamassassin';

/** A throwaway spamd on loopback: its own config directory, helper home, log and high port. */
export interface TestSpamd {
  host: '127.0.0.1';
  port: number;
  /** How long spamd took from being started to answering a PING. */
  startupMs: number;
  /** spamd's log; gone after `stop`. */
  logFile: string;
  /** Takes spamd (and its children) down and removes its directory. */
  stop(): Promise<void>;
}

export interface TestSpamdOptions {
  /** spamd's preforked children, the checks it runs at once; 1 unless given. */
  maxChildren?: number;
  /** How long spamd may take to answer its first PING; 60 s unless given. */
  startupTimeoutMs?: number;
}

export function spamdInstalled(): boolean {
  return existsSync(SPAMD) && existsSync(join(STOCK_RULES, '50_scores.cf'));
}

/** The spamc protocol's PING: true once spamd answers PONG. */
function ping(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.end('PING SPAMC/1.5\r\n\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk;
      if (/^SPAMD\/\d+\.\d+ 0 PONG\r?\n/.test(answer)) done(true);
    });
    socket.once('end', () => done(/^SPAMD\/\d+\.\d+ 0 PONG/.test(answer)));
    socket.once('error', () => done(false));
  });
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Starts spamd from Debian's `spamd` package (installed by scripts/ensure-spamassassin.sh) on a free
 * loopback port, with the stock rules, local tests only (no DNS, no network) and no Bayes, so that
 * a message scores the same on every machine. As root, its children run as `nobody`, because
 * spamd will not check mail as root. spamd is taken down with the process that started it.
 */
export async function startSpamd(options: TestSpamdOptions = {}): Promise<TestSpamd> {
  if (!spamdInstalled()) {
    throw new Error(
      existsSync(SPAMD)
        ? `spamd is installed but SpamAssassin's stock rules are missing from ${STOCK_RULES}: reinstall the spamassassin package.`
        : "The spam-check tests need spamd: run 'bash scripts/ensure-spamassassin.sh' (as root) first.",
    );
  }
  const { maxChildren = 1, startupTimeoutMs = 60_000 } = options;
  const dir = await mkdtemp(join(tmpdir(), 'drift-spamd-'));
  try {
    // spamd's children run as another user and must read the config and write their home.
    await chmod(dir, 0o755);
    const site = join(dir, 'site');
    const home = join(dir, 'home');
    await mkdir(site);
    await mkdir(home);
    for (const name of await readdir(SITE_CONFIG).catch(() => [])) {
      if (name.endsWith('.pre')) await copyFile(join(SITE_CONFIG, name), join(site, name));
    }
    // Debian's local.cf is left out (it is the machine owner's); this one keeps scores the same
    // everywhere: no Bayes database that learns from what the tests send.
    await writeFile(join(site, 'local.cf'), 'required_score 5.0\nuse_bayes 0\nbayes_auto_learn 0\n');
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const { stdout: uid } = await run('id', ['-u', 'nobody']);
      const { stdout: gid } = await run('id', ['-g', 'nobody']);
      await chown(home, Number(uid.trim()), Number(gid.trim()));
    }
    const logFile = join(dir, 'spamd.log');

    // A port found free can be taken before spamd binds it: then spamd exits, and another is tried.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = Date.now();
      const child = spawnSpamd(dir, port, maxChildren, asRoot, logFile);
      const ready = await waitUntilReady(child.process, port, started + startupTimeoutMs);
      if (ready === 'ready') {
        const startupMs = Date.now() - started;
        // Registered after spamd's own take-down, so it runs once spamd is gone.
        const removeDir = () => rmSync(dir, { recursive: true, force: true });
        process.once('exit', removeDir);
        return {
          host: '127.0.0.1',
          port,
          startupMs,
          logFile,
          async stop() {
            process.removeListener('exit', removeDir);
            await child.stop();
            await rm(dir, { recursive: true, force: true });
          },
        };
      }
      await child.stop();
      const log = await tail(logFile);
      const said = `${log}\n${child.stderr()}`.trim();
      if (ready === 'exited' && /address already in use/i.test(said) && attempt < 3) continue;
      throw new Error(
        ready === 'exited'
          ? `spamd exited before answering a PING on port ${port}:\n${said}`
          : `spamd did not answer a PING on port ${port} within ${startupTimeoutMs} ms:\n${said}`,
      );
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function spawnSpamd(dir: string, port: number, maxChildren: number, asRoot: boolean, logFile: string) {
  const args = [
    `--listen=127.0.0.1:${port}`,
    '--allowed-ips=127.0.0.1',
    `--max-children=${maxChildren}`,
    '--min-children=1',
    // No per-user preferences, no DNS or other network tests: the same verdict on every machine.
    '--nouser-config',
    '--local',
    `--configpath=${STOCK_RULES}`,
    `--siteconfigpath=${join(dir, 'site')}`,
    `--helper-home-dir=${join(dir, 'home')}`,
    `--pidfile=${join(dir, 'spamd.pid')}`,
    `--syslog=${logFile}`,
    ...(asRoot ? ['--username=nobody'] : []),
  ];
  // Its own process group, so that `stop` takes spamd and its preforked children down at once.
  const child: ChildProcess = spawn(SPAMD, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    // spamd repeats its log on stderr; the end of it is enough to say why it stopped.
    stderr = (stderr + chunk).slice(-8000);
  });
  // Its process group outlives this process unless taken down with it (a crashed or timed-out
  // test run must not leave spamd behind).
  const takeDown = () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', takeDown);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      process.removeListener('exit', takeDown);
      resolve();
    });
  });
  return {
    process: child,
    stderr: () => stderr.trim(),
    async stop() {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      // SIGTERM: spamd stops its children and removes its pid file; SIGKILL if it takes too long.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const late = setTimeout(takeDown, 5_000);
      await exited;
      clearTimeout(late);
      // Children that outlived their parent go with the group.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // all gone
      }
    },
  };
}

async function waitUntilReady(
  child: ChildProcess,
  port: number,
  deadline: number,
): Promise<'ready' | 'exited' | 'timeout'> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    if (await ping(port, 2_000)) return 'ready';
    if (Date.now() > deadline) return 'timeout';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
