import { createServer } from 'node:net';
import type { Json } from './server.ts';

/** A port nothing listens on right now, for a process the test starts itself. */
export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface TrpcCall {
  status: number;
  body: Json;
  setCookie: string | null;
}

/** One tRPC call over HTTP, as the dashboard's client makes it (queries GET, mutations POST). */
export async function callTrpc(
  baseUrl: string,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<TrpcCall> {
  const url =
    kind === 'query' && input !== undefined
      ? `${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
      : `${baseUrl}/trpc/${path}`;
  const response = await fetch(url, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers: kind === 'mutation' ? { ...headers, 'content-type': 'application/json' } : headers,
    ...(kind === 'mutation' ? { body: JSON.stringify(input ?? {}) } : {}),
  });
  return {
    status: response.status,
    body: await response.json(),
    setCookie: response.headers.get('set-cookie'),
  };
}
