import type { PrismaClient } from '@drift/db';
import type { Clock } from '@drift/domain';
import type { MailTransport } from '@drift/mail';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';

/** Long-lived collaborators, built once by the server and shared by every request. */
export interface ApiDeps {
  prisma: PrismaClient;
  clock: Clock;
  rateLimiter: RateLimiter;
  adminToken: string;
  /** Outgoing mail: auto-replies now, playbook delivery later. */
  mailer: MailTransport;
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
  authorization: string | undefined;
  presentedAdminToken: string | undefined;
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

export function createContext(deps: ApiDeps, headers: HeaderBag, facts: RequestFacts = {}): Context {
  return {
    ...deps,
    authorization: header(headers, 'authorization'),
    presentedAdminToken: header(headers, ADMIN_TOKEN_HEADER),
    response: { headers: {} },
    facts,
  };
}
