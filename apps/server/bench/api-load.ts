/**
 * One autocannon run of `pnpm bench:api`, in a worker thread so that the load generator does not
 * share the servers' event loop. The main thread sends a LoadSpec, the worker answers a LoadResult.
 */
import autocannon from 'autocannon';
import { runInWorker, serveInWorker } from './worker.ts';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSec: number;
  /** Requests per second over all connections; unset = as fast as possible. */
  overallRate?: number;
  headers: Record<string, string>;
  /** get: GET `path`; pair: POST `path` then DELETE `${path}/${created id}`. */
  kind: 'get' | 'pair';
  path: string;
  /** pair only: sessions start on day `dayBase + n` after 2200-01-01, n counting up per POST. */
  dayBase?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  s5xx: number;
  s4xx: number;
  errors: number;
  /** POSTs sent (pair only): the next run's dayBase must be past dayBase + posts. */
  posts: number;
  statusCodes: Record<string, number>;
  /** The first non-2xx answer, for the report. */
  sampleError?: string;
}

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(2200, 0, 1);

async function run(spec: LoadSpec): Promise<LoadResult> {
  let posts = 0;
  let sampleError: string | undefined;
  const note = (method: string, status: number, body: string) => {
    if (status >= 300 && !sampleError) sampleError = `${method} ${status} ${body.slice(0, 300)}`;
  };
  const requests: autocannon.Request[] =
    spec.kind === 'get'
      ? [
          {
            method: 'GET',
            path: spec.path,
            headers: spec.headers,
            onResponse: (status, body) => note('GET', status, body),
          },
        ]
      : [
          {
            method: 'POST',
            path: spec.path,
            headers: { ...spec.headers, 'content-type': 'application/json' },
            setupRequest: (request) => {
              const start = EPOCH + ((spec.dayBase ?? 0) + posts++) * DAY_MS;
              request.body = JSON.stringify({
                start_date: new Date(start).toISOString(),
                end_date: new Date(start + DAY_MS / 2).toISOString(),
              });
              return request;
            },
            onResponse: (status, body, context) => {
              note('POST', status, body);
              const ctx = context as { id?: string };
              ctx.id = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
            },
          },
          {
            method: 'DELETE',
            path: spec.path,
            headers: spec.headers,
            setupRequest: (request, context) => {
              const ctx = context as { id?: string };
              const id = ctx.id;
              ctx.id = undefined;
              // No session created: start over with a POST (autocannon counts a reset).
              if (!id) return undefined as unknown as autocannon.Request;
              request.path = `${spec.path}/${id}`;
              return request;
            },
            onResponse: (status, body) => note('DELETE', status, body),
          },
        ];
  const options: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    requests,
  };
  // Off the main thread autocannon returns its raw, encoded histograms: aggregate them here.
  const raw = await autocannon(options);
  const { aggregateResult } = autocannon as unknown as {
    aggregateResult: (results: unknown[], opts: object) => autocannon.Result;
  };
  const result = aggregateResult([raw], {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stat.count ?? 0;
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    rps: answered / ((new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    s4xx: result['4xx'],
    s5xx: result['5xx'],
    errors: result.errors + result.timeouts,
    posts,
    statusCodes,
    ...(sampleError ? { sampleError } : {}),
  };
}

/** Runs one load in a fresh worker thread. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return runInWorker(import.meta.url, spec, 'load');
}

serveInWorker(run);
