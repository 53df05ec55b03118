import { type ChildProcess, spawn } from 'node:child_process';

export interface ProcessGroup {
  child: ChildProcess;
  /** Everything it wrote on stdout and stderr so far. */
  output(): string;
  /** Whether it is still running. */
  running(): boolean;
  /** SIGTERM to the whole group; SIGKILL when it is still running after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a command in a process group of its own, such as a test server and the processes it
 * spawns, so that `stop` takes all of them down; its output is collected for error messages.
 */
export function spawnGroup(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): ProcessGroup {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  /** Whether any process of the group is left (the child may exit before its own children). */
  const groupAlive = () => {
    try {
      if (child.pid) process.kill(-child.pid, 0);
      return Boolean(child.pid);
    } catch {
      return false;
    }
  };
  const stop = async (graceMs = 15_000) => {
    if (!groupAlive()) return;
    signal('SIGTERM');
    // Until the whole group is gone: a server still closing its database must not have its data
    // directory removed under it.
    const deadline = Date.now() + graceMs;
    while (groupAlive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!groupAlive()) return;
    signal('SIGKILL');
    const killed = Date.now() + 5_000;
    while (groupAlive() && Date.now() < killed) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return { child, output: () => output, running, stop };
}
