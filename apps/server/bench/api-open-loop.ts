/**
 * The fixed-rate run of `pnpm bench:api`: an open-loop load. Request n is due at
 * start + n / rate whatever happened to the earlier ones (no closed loop waiting for answers), and
 * its latency counts from that due time, not from when a socket was free to send it: a server that
 * falls behind shows it in the latency instead of silently lowering the offered rate (coordinated
 * omission). Runs in a worker thread so that it does not share the servers' event loop.
 */
import http from 'node:http';
import { percentile } from './stats.ts';
import { runInWorker, serveInWorker } from './worker.ts';

export interface OpenLoopSpec {
  url: string;
  /** Requests offered per second; a POST+DELETE pair counts two. */
  rate: number;
  durationSec: number;
  headers: Record<string, string>;
  /** get: GET `path`; pair: POST `path` then DELETE `${path}/${created id}` as soon as it answers. */
  kind: 'get' | 'pair';
  path: string;
  /** pair only: sessions start on day `dayBase + n` after 2200-01-01, n counting up per POST. */
  dayBase?: number;
}

export interface OpenLoopResult {
  offered: number;
  answered: number;
  /** Answers per second over the schedule's duration. */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  s5xx: number;
  /** Connection errors and requests with no answer within the timeout. */
  errors: number;
  posts: number;
  statusCodes: Record<string, number>;
  sampleError?: string;
}

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(2200, 0, 1);
const TIMEOUT_MS = 10_000;

async function run(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  const target = new URL(spec.url);
  // Enough sockets that a slow answer never holds back the next due request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let non2xx = 0;
  let s5xx = 0;
  let errors = 0;
  let posts = 0;
  let pending = 0;
  let sampleError: string | undefined;

  const send = (method: string, path: string, body: string | undefined, due: number) =>
    new Promise<{ status: number; body: string } | null>((resolve) => {
      pending++;
      const headers: Record<string, string> = { ...spec.headers };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      const done = (answer: { status: number; body: string } | null) => {
        pending--;
        resolve(answer);
      };
      const request = http.request(
        { host: target.hostname, port: target.port, method, path, headers, agent, timeout: TIMEOUT_MS },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            latencies.push(performance.now() - due);
            const status = response.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString();
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status < 200 || status >= 300) {
              non2xx++;
              if (!sampleError) sampleError = `${method} ${status} ${text.slice(0, 300)}`;
            }
            if (status >= 500) s5xx++;
            done({ status, body: text });
          });
          response.on('error', () => {
            errors++;
            done(null);
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', (error) => {
        errors++;
        if (!sampleError) sampleError = `${method} ${error.message}`;
        done(null);
      });
      request.end(body);
    });

  const fire = async (due: number) => {
    if (spec.kind === 'get') {
      await send('GET', spec.path, undefined, due);
      return;
    }
    const start = EPOCH + ((spec.dayBase ?? 0) + posts++) * DAY_MS;
    const created = await send(
      'POST',
      spec.path,
      JSON.stringify({
        start_date: new Date(start).toISOString(),
        end_date: new Date(start + DAY_MS / 2).toISOString(),
      }),
      due,
    );
    if (created?.status !== 201) return;
    const { id } = JSON.parse(created.body) as { id: string };
    // The DELETE is due when its POST answered: it cannot be sent earlier.
    await send('DELETE', `${spec.path}/${id}`, undefined, performance.now());
  };

  const perArrival = spec.kind === 'pair' ? 2 : 1;
  const interval = (1000 * perArrival) / spec.rate;
  const arrivals = Math.round((spec.rate * spec.durationSec) / perArrival);
  const start = performance.now() + 20;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < arrivals && start + next * interval <= now) void fire(start + next++ * interval);
      if (next >= arrivals) return resolve();
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  // The last answers (and the DELETEs of the last POSTs).
  const deadline = performance.now() + TIMEOUT_MS + 1000;
  while (pending > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  agent.destroy();
  const answered = latencies.length;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    offered: arrivals * perArrival,
    answered,
    rps: answered / spec.durationSec,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    max: round(Math.max(0, ...latencies)),
    non2xx,
    s5xx,
    errors: errors + pending,
    posts,
    statusCodes,
    ...(sampleError ? { sampleError } : {}),
  };
}

/** Runs one open-loop load in a fresh worker thread. */
export function runOpenLoop(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  return runInWorker(import.meta.url, spec, 'open-loop');
}

serveInWorker(run);
