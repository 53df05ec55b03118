import type { PrismaClient } from '@drift/db';
import type { Clock } from '@drift/domain';
import type { MailTransport } from '@drift/mail';
import type { SpamdCheck } from './mail/spamd-check.ts';
import type { MailboxDeps } from './mailbox/mailbox-connections.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';

/** Long-lived collaborators, built once by the server and shared by every request. */
export interface ApiDeps {
  prisma: PrismaClient;
  clock: Clock;
  rateLimiter: RateLimiter;
  adminToken: string;
  /** Outgoing mail: auto-replies now, playbook delivery later. */
  mailer: MailTransport;
  /** Sealing key and TLS trust for IMAP mailboxes; without them mailboxes cannot be connected. */
  mailboxes?: MailboxDeps;
  /** SpamAssassin's spamd (DRIFT_SPAMD), asked about captured mail when configured. */
  spamd?: SpamdCheck;
}

/** What a request learned about itself, for the server's one log line. Never holds secrets. */
export interface RequestFacts {
  keyId?: string;
  accountId?: string;
  /** The procedure called, e.g. `sessions.get`, and its REST path template, e.g. `/ooo-sessions/{id}`. */
  procedure?: string;
  restPath?: string;
}

export interface Context extends ApiDeps {
  /** REST (`/api/v1`: API keys only) or tRPC (`/trpc`: API keys or a signed-in dashboard user). */
  surface: 'rest' | 'trpc';
  authorization: string | undefined;
  presentedAdminToken: string | undefined;
  /** The dashboard session cookie's token, and the CSRF header sent beside it. */
  sessionToken: string | undefined;
  csrfToken: string | undefined;
  /** Whether the client reached us over https (cookies are then `Secure`). */
  secureTransport: boolean;
  /** Status and headers for the HTTP response, filled by procedures and middleware. */
  response: { status?: number; headers: Record<string, string> };
  facts: RequestFacts;
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export const ADMIN_TOKEN_HEADER = 'x-drift-admin-token';
export const CSRF_HEADER = 'x-drift-csrf';
export const SESSION_COOKIE = 'drift_session';

function cookie(headers: HeaderBag, name: string): string | undefined {
  for (const pair of (header(headers, 'cookie') ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export interface RequestOptions {
  surface?: Context['surface'];
  secureTransport?: boolean;
}

export function createContext(
  deps: ApiDeps,
  headers: HeaderBag,
  facts: RequestFacts = {},
  { surface = 'trpc', secureTransport = false }: RequestOptions = {},
): Context {
  return {
    ...deps,
    surface,
    authorization: header(headers, 'authorization'),
    presentedAdminToken: header(headers, ADMIN_TOKEN_HEADER),
    sessionToken: surface === 'trpc' ? cookie(headers, SESSION_COOKIE) : undefined,
    csrfToken: header(headers, CSRF_HEADER),
    secureTransport,
    response: { headers: {} },
    facts,
  };
}
