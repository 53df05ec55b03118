// A webhook receiver on loopback for the delivery tests and the bench: records every request and
// answers as the test tells it (a status, a redirect, a slow or endless answer).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
  /** performance.now() when the body was complete. */
  at: number;
}

/** How the next request is answered; the default is 200 "ok". */
export type Answer =
  | { status: number; body?: string }
  | { redirectTo: string }
  /** Never answers (the sender's timeout ends it). */
  | { hang: true }
  /** A 200 whose body never ends: chunks of 16 KB for as long as the client reads. */
  | { endless: true };

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedWebhook[];
  /** Answers for the coming requests, in order; after them, `fallback`. */
  answer(...answers: Answer[]): void;
  setFallback(answer: Answer): void;
  /** Waits (bounded) until at least `count` requests arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /** Requests that arrived whose JSON `type` is this. */
  ofType(type: string): ReceivedWebhook[];
  reset(): void;
  close(): Promise<void>;
}

function respond(response: ServerResponse, answer: Answer): void {
  if ('hang' in answer) return;
  if ('redirectTo' in answer) {
    response.writeHead(302, { location: answer.redirectTo }).end();
    return;
  }
  if ('endless' in answer) {
    response.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = 'x'.repeat(16 * 1024);
    const write = () => {
      while (response.write(chunk)) {
        // keep writing until the socket pushes back
      }
    };
    response.on('drain', write);
    write();
    return;
  }
  response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? 'ok');
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  let queue: Answer[] = [];
  let fallback: Answer = { status: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        path: request.url ?? '/',
        at: performance.now(),
      });
      respond(response, queue.shift() ?? fallback);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    answer(...answers) {
      queue.push(...answers);
    },
    setFallback(answer) {
      fallback = answer;
    },
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} webhook requests, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return received;
    },
    ofType(type) {
      return received.filter((r) => {
        try {
          return (JSON.parse(r.body) as { type?: string }).type === type;
        } catch {
          return false;
        }
      });
    },
    reset() {
      received.length = 0;
      queue = [];
      fallback = { status: 200 };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
