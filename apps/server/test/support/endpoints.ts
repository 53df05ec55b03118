import {
  at,
  buildEmail,
  buildPlaybook,
  buildSession,
  buildTenant,
  days,
  type TenantRows,
} from '@drift/api/testing';
import type { Prisma, PrismaClient } from '@drift/db';
import { newId, type Scope } from '@drift/domain';
import type { ApiResponse, RequestOptions, TestServer } from './server.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Call {
  path: string;
  body?: unknown;
}

export interface FixtureContext {
  prisma: PrismaClient;
  accountId: string;
  now: Date;
}

export interface Endpoint {
  /** As the reference and the OpenAPI document name it. */
  name: string;
  method: Method;
  /** The OpenAPI path, relative to /api/v1. */
  openApiPath: string;
  scope: Scope;
  successStatus: 200 | 201 | 202;
  /** A request that succeeds for this account (creating what it needs). */
  happy(ctx: FixtureContext): Promise<Call>;
  /** A request this endpoint refuses with 400 VALIDATION_ERROR, and the message it gives. */
  invalid(ctx: FixtureContext): Promise<Call & { message: string }>;
  /** The request aimed at a given OOO session id; null when the endpoint takes none. */
  forSession: ((sessionId: string) => Call) | null;
}

/** A scheduled session a week from now, the usual target of GET/PATCH/DELETE. */
export async function scheduledSession(ctx: FixtureContext) {
  return buildSession(ctx.prisma, {
    accountId: ctx.accountId,
    startDate: at(ctx.now, days(7)),
    endDate: at(ctx.now, days(14)),
  });
}

/** A session that started yesterday and ends in a week. */
export async function activeSession(ctx: FixtureContext) {
  return buildSession(ctx.prisma, {
    accountId: ctx.accountId,
    startDate: at(ctx.now, -days(1)),
    endDate: at(ctx.now, days(7)),
  });
}

/** A completed session with one email and its playbook. */
export async function completedSessionWithMail(ctx: FixtureContext) {
  const session = await buildSession(ctx.prisma, {
    accountId: ctx.accountId,
    startDate: at(ctx.now, -days(20)),
    endDate: at(ctx.now, -days(13)),
  });
  await buildEmail(ctx.prisma, {
    accountId: ctx.accountId,
    sessionId: session.id,
    receivedAt: at(ctx.now, -days(15)),
  });
  await buildPlaybook(ctx.prisma, { accountId: ctx.accountId, sessionId: session.id });
  return session;
}

/** GET /emails or /playbooks: a list of what completed sessions left, filtered by `session_id`. */
function listOfCompletedSessions(options: {
  resource: 'emails' | 'playbooks';
  scope: Scope;
  invalid: { query: string; message: string };
}): Endpoint {
  const path = `/api/v1/${options.resource}`;
  return {
    name: `GET /${options.resource}`,
    method: 'GET',
    openApiPath: `/${options.resource}`,
    scope: options.scope,
    successStatus: 200,
    happy: async (ctx) => {
      await completedSessionWithMail(ctx);
      return { path };
    },
    invalid: async () => ({ path: `${path}?${options.invalid.query}`, message: options.invalid.message }),
    forSession: (id) => ({ path: `${path}?session_id=${id}` }),
  };
}

export const UNKNOWN_SESSION_ID = 'sess_0000000000UnknownId0';
const TOO_LONG_ID = `sess_${'x'.repeat(96)}`;

const CORE_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /ooo-sessions',
    method: 'GET',
    openApiPath: '/ooo-sessions',
    scope: 'read:ooo',
    successStatus: 200,
    happy: async (ctx) => {
      await scheduledSession(ctx);
      return { path: '/api/v1/ooo-sessions' };
    },
    invalid: async () => ({
      path: '/api/v1/ooo-sessions?limit=0',
      message: 'limit must be an integer between 1 and 100',
    }),
    forSession: null,
  },
  {
    name: 'POST /ooo-sessions',
    method: 'POST',
    openApiPath: '/ooo-sessions',
    scope: 'write:ooo',
    successStatus: 201,
    happy: async (ctx) => ({
      path: '/api/v1/ooo-sessions',
      body: {
        start_date: at(ctx.now, days(30)).toISOString(),
        end_date: at(ctx.now, days(37)).toISOString(),
      },
    }),
    invalid: async () => ({
      path: '/api/v1/ooo-sessions',
      body: {},
      message: 'start_date is required; end_date is required',
    }),
    forSession: null,
  },
  {
    name: 'GET /ooo-sessions/{id}',
    method: 'GET',
    openApiPath: '/ooo-sessions/{id}',
    scope: 'read:ooo',
    successStatus: 200,
    happy: async (ctx) => ({ path: `/api/v1/ooo-sessions/${(await scheduledSession(ctx)).id}` }),
    invalid: async () => ({
      path: `/api/v1/ooo-sessions/${TOO_LONG_ID}`,
      message: 'id: Too big: expected string to have <=100 characters',
    }),
    forSession: (id) => ({ path: `/api/v1/ooo-sessions/${id}` }),
  },
  {
    name: 'PATCH /ooo-sessions/{id}',
    method: 'PATCH',
    openApiPath: '/ooo-sessions/{id}',
    scope: 'write:ooo',
    successStatus: 200,
    happy: async (ctx) => ({
      path: `/api/v1/ooo-sessions/${(await scheduledSession(ctx)).id}`,
      body: { auto_reply_message: 'Back soon.' },
    }),
    invalid: async (ctx) => ({
      path: `/api/v1/ooo-sessions/${(await scheduledSession(ctx)).id}`,
      body: { status: 'active' },
      message: 'status must be one of: cancelled, completed',
    }),
    forSession: (id) => ({ path: `/api/v1/ooo-sessions/${id}`, body: { auto_reply_message: 'Hijacked' } }),
  },
  {
    name: 'DELETE /ooo-sessions/{id}',
    method: 'DELETE',
    openApiPath: '/ooo-sessions/{id}',
    scope: 'write:ooo',
    successStatus: 200,
    happy: async (ctx) => ({ path: `/api/v1/ooo-sessions/${(await scheduledSession(ctx)).id}` }),
    invalid: async (ctx) => ({
      path: `/api/v1/ooo-sessions/${(await activeSession(ctx)).id}`,
      message:
        'Only scheduled OOO sessions can be deleted; this one is active; end it with status "completed" instead',
    }),
    forSession: (id) => ({ path: `/api/v1/ooo-sessions/${id}` }),
  },
  listOfCompletedSessions({
    resource: 'emails',
    scope: 'read:emails',
    invalid: {
      query: 'category=spam',
      message: 'category must be one of: urgent, action_required, fyi, newsletter, promotional, resolved',
    },
  }),
  listOfCompletedSessions({
    resource: 'playbooks',
    scope: 'read:playbook',
    invalid: { query: 'offset=-1', message: 'offset must be an integer between 0 and 2147483647' },
  }),
];

/** A webhook of the account, as POST /webhooks would have made it. */
export async function ownWebhook(
  ctx: FixtureContext,
  overrides: Partial<Prisma.WebhookUncheckedCreateInput> = {},
) {
  return ctx.prisma.webhook.create({
    data: {
      id: newId('wh'),
      accountId: ctx.accountId,
      url: 'https://hooks.example.com/drift',
      events: ['email.urgent'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      ...overrides,
    },
  });
}

const TOO_LONG_WEBHOOK_ID = `wh_${'x'.repeat(98)}`;

/** One of the account's webhooks: the usual target of GET/DELETE and the test and deliveries endpoints. */
function onOwnWebhook(
  method: Method,
  suffix: '' | '/test' | '/deliveries',
  scope: Scope,
  successStatus: 200 | 202,
  invalid: { query?: string; message: string },
): Endpoint {
  return {
    name: `${method} /webhooks/{id}${suffix}`,
    method,
    openApiPath: `/webhooks/{id}${suffix}`,
    scope,
    successStatus,
    happy: async (ctx) => ({ path: `/api/v1/webhooks/${(await ownWebhook(ctx)).id}${suffix}` }),
    invalid: async () => ({
      path: `/api/v1/webhooks/${TOO_LONG_WEBHOOK_ID}${suffix}${invalid.query ?? ''}`,
      message: invalid.message,
    }),
    forSession: null,
  };
}

export const WEBHOOK_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /webhooks',
    method: 'GET',
    openApiPath: '/webhooks',
    scope: 'read:webhooks',
    successStatus: 200,
    happy: async (ctx) => {
      await ownWebhook(ctx);
      return { path: '/api/v1/webhooks' };
    },
    invalid: async () => ({
      path: '/api/v1/webhooks?limit=0&offset=-1',
      message:
        'limit must be an integer between 1 and 100; offset must be an integer between 0 and 2147483647',
    }),
    forSession: null,
  },
  {
    name: 'POST /webhooks',
    method: 'POST',
    openApiPath: '/webhooks',
    scope: 'write:webhooks',
    successStatus: 201,
    happy: async () => ({
      path: '/api/v1/webhooks',
      body: { url: 'https://hooks.example.com/drift', events: ['email.urgent'] },
    }),
    invalid: async () => ({
      path: '/api/v1/webhooks',
      body: { url: 'http://hooks.example.com/drift', events: ['email.urgent'] },
      message: 'url must be an https:// URL',
    }),
    forSession: null,
  },
  onOwnWebhook('GET', '', 'read:webhooks', 200, { message: 'id must be at most 100 characters' }),
  onOwnWebhook('DELETE', '', 'write:webhooks', 200, { message: 'id must be at most 100 characters' }),
  onOwnWebhook('POST', '/test', 'write:webhooks', 202, { message: 'id must be at most 100 characters' }),
  onOwnWebhook('GET', '/deliveries', 'read:webhooks', 200, {
    query: '?limit=101',
    message: 'id must be at most 100 characters; limit must be an integer between 1 and 100',
  }),
];

/** Every operation of the REST API. */
export const ENDPOINTS: readonly Endpoint[] = [...CORE_ENDPOINTS, ...WEBHOOK_ENDPOINTS];

export const ENDPOINTS_WITH_SESSION_ID = ENDPOINTS.filter(
  (endpoint): endpoint is Endpoint & { forSession: (id: string) => Call } => endpoint.forSession !== null,
);

export interface HappyRequest {
  call: Call;
  /** Sends the call with these options (a `body` given here replaces the call's). */
  send(options: RequestOptions): Promise<ApiResponse>;
}

/** The endpoint's succeeding request for this account, its rows built at the server's current time. */
export async function happyRequest(
  server: TestServer,
  endpoint: Endpoint,
  accountId: string,
): Promise<HappyRequest> {
  const call = await endpoint.happy({ prisma: server.prisma, accountId, now: server.clock.now() });
  return {
    call,
    send: (options) =>
      server.request(endpoint.method, call.path, {
        ...(call.body !== undefined && { body: call.body }),
        ...options,
      }),
  };
}

/** A new tenant (every scope) and the endpoint's succeeding request for it; `send` presents its key. */
export async function happyRequestOfNewTenant(
  server: TestServer,
  endpoint: Endpoint,
): Promise<HappyRequest & { tenant: TenantRows }> {
  const tenant = await buildTenant(server.prisma);
  const { call, send } = await happyRequest(server, endpoint, tenant.accountId);
  return { tenant, call, send: (options) => send({ key: tenant.key, ...options }) };
}
