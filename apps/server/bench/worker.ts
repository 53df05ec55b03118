import { parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * Runs the bench module at `moduleUrl` in a fresh worker thread with `spec` as its workerData, and
 * resolves with what it posts back. The module answers through `serveInWorker`.
 */
export function runInWorker<Spec, Result>(moduleUrl: string, spec: Spec, name: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    // tsx's loader is not inherited by worker threads: register it, then load the module.
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: spec });
    worker.once('message', (result: Result) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${name} worker exited with ${code}`));
    });
  });
}

/** In a worker started by `runInWorker` (a no-op on the main thread): runs the spec, posts the result. */
export function serveInWorker<Spec, Result>(run: (spec: Spec) => Promise<Result>): void {
  if (!parentPort || !workerData) return;
  const port = parentPort;
  run(workerData as Spec).then(
    (result) => port.postMessage(result),
    (error: unknown) => {
      throw error;
    },
  );
}
