import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveWebhookTarget, WebhookUrlError } from './url-safety.ts';

/** A receiver that has not answered in this long has failed the attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Of a response body only this much is read; the rest is never waited for. */
export const RESPONSE_BODY_LIMIT = 64 * 1024;

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  allowPrivate: boolean;
  timeoutMs?: number;
}

export interface WebhookPostResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  /** Why the attempt failed, in words fit for the attempt log (never the secret or the signature). */
  error: string | null;
  /** The start of the response body (at most RESPONSE_BODY_LIMIT bytes). */
  responseBody: string;
}

// Kept-alive connections make a burst of events to one receiver cheap; each socket was opened
// to an address vetted when it was dialled.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address, family },
      ]);
    } else {
      callback(null, address, family);
    }
  };
}

function readCapped(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    response.on('data', (chunk: Buffer) => {
      const room = RESPONSE_BODY_LIMIT - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        size = RESPONSE_BODY_LIMIT;
        // Enough: stop reading and drop the connection rather than drain an endless body.
        response.destroy();
        done();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}

/**
 * One POST to a webhook: DNS resolved and vetted first, then the request goes to that address
 * (Host and TLS name kept). No redirect is followed; a 2xx within the timeout is a success.
 */
export async function postWebhook(post: WebhookPost): Promise<WebhookPostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failure = (
    error: string,
    statusCode: number | null = null,
    responseBody = '',
  ): WebhookPostResult => ({
    ok: false,
    statusCode,
    durationMs: elapsed(),
    error,
    responseBody,
  });
  let target: Awaited<ReturnType<typeof resolveWebhookTarget>>;
  try {
    target = await resolveWebhookTarget(post.url, { allowPrivate: post.allowPrivate });
  } catch (error) {
    if (!(error instanceof WebhookUrlError)) return failure('refused: invalid URL');
    return failure(error.refused ? `refused: ${error.message}` : error.message);
  }
  const { url } = target;
  const secure = url.protocol === 'https:';
  const timeoutMs = post.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise<WebhookPostResult>((resolve) => {
    let settled = false;
    const finish = (result: WebhookPostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = (secure ? https : http).request(
      {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        agent: secure ? httpsAgent : httpAgent,
        lookup: pinnedLookup(target.address, target.family),
        headers: {
          ...post.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(post.body),
          'user-agent': 'Drift-Webhooks/1.0',
        },
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        void readCapped(response).then((body) => {
          if (statusCode >= 200 && statusCode < 300) {
            finish({ ok: true, statusCode, durationMs: elapsed(), error: null, responseBody: body });
          } else if (statusCode >= 300 && statusCode < 400) {
            finish(failure('redirect not followed', statusCode, body));
          } else {
            finish(failure(`HTTP ${statusCode}`, statusCode, body));
          }
        });
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish(failure(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish(failure(error.code ? `${error.code}: ${error.message}` : error.message));
    });
    request.end(post.body);
  });
}
