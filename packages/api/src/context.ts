import { randomUUID } from 'node:crypto';
import { HEADERS } from '@drift/contract';
import type { CoreDeps } from '@drift/core';
import type { KeyAuthentication } from './api-key-auth.ts';
import type { RequestFacts } from './request-facts.ts';

export type { RequestFacts } from './request-facts.ts';

/** What the server builds every request's context from: the application's collaborators and the admin token. */
export interface ContextDeps extends CoreDeps {
  adminToken: string;
}

export interface Context {
  /** The application's collaborators: each procedure hands them to its one @drift/core call. */
  core: CoreDeps;
  /** The operators' secret, which admin procedures are called with. */
  adminToken: string;
  /** REST (`/api/v1`: API keys only) or tRPC (`/trpc`: API keys or a signed-in dashboard user). */
  surface: 'rest' | 'trpc';
  /** The response's X-Request-Id, repeated in error bodies so that the two can be matched. */
  requestId: string;
  /**
   * The API key the HTTP layer already authenticated and charged before reading the body; the
   * procedures then must not authenticate or charge it again.
   */
  keyAuthentication: KeyAuthentication | undefined;
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

export const ADMIN_TOKEN_HEADER = HEADERS.adminToken.toLowerCase();
export const CSRF_HEADER = HEADERS.csrfToken.toLowerCase();
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
  /** The server's id for the request; a fresh one when called without a server (tests, scripts). */
  requestId?: string;
  keyAuthentication?: KeyAuthentication;
}

export function createContext(
  { adminToken, ...core }: ContextDeps,
  headers: HeaderBag,
  facts: RequestFacts = {},
  {
    surface = 'trpc',
    secureTransport = false,
    requestId = randomUUID(),
    keyAuthentication,
  }: RequestOptions = {},
): Context {
  return {
    core,
    adminToken,
    surface,
    requestId,
    keyAuthentication,
    authorization: header(headers, 'authorization'),
    presentedAdminToken: header(headers, ADMIN_TOKEN_HEADER),
    sessionToken: surface === 'trpc' ? cookie(headers, SESSION_COOKIE) : undefined,
    csrfToken: header(headers, CSRF_HEADER),
    secureTransport,
    response: { headers: {} },
    facts,
  };
}
