import type { PrismaClient } from '@drift/db';
import type { Scope } from '@drift/domain';
import { at, buildEmail, buildPlaybook, buildSession, days } from './factories.ts';

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
  successStatus: 200 | 201;
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
async function completedSessionWithMail(ctx: FixtureContext) {
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

export const UNKNOWN_SESSION_ID = 'sess_0000000000UnknownId0';
const TOO_LONG_ID = `sess_${'x'.repeat(96)}`;

export const ENDPOINTS: readonly Endpoint[] = [
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
  {
    name: 'GET /emails',
    method: 'GET',
    openApiPath: '/emails',
    scope: 'read:emails',
    successStatus: 200,
    happy: async (ctx) => {
      await completedSessionWithMail(ctx);
      return { path: '/api/v1/emails' };
    },
    invalid: async () => ({
      path: '/api/v1/emails?category=spam',
      message: 'category must be one of: urgent, action_required, fyi, newsletter, promotional, resolved',
    }),
    forSession: (id) => ({ path: `/api/v1/emails?session_id=${id}` }),
  },
  {
    name: 'GET /playbooks',
    method: 'GET',
    openApiPath: '/playbooks',
    scope: 'read:playbook',
    successStatus: 200,
    happy: async (ctx) => {
      await completedSessionWithMail(ctx);
      return { path: '/api/v1/playbooks' };
    },
    invalid: async () => ({
      path: '/api/v1/playbooks?offset=-1',
      message: 'offset must be an integer between 0 and 2147483647',
    }),
    forSession: (id) => ({ path: `/api/v1/playbooks?session_id=${id}` }),
  },
];

export const ENDPOINTS_WITH_SESSION_ID = ENDPOINTS.filter(
  (endpoint): endpoint is Endpoint & { forSession: (id: string) => Call } => endpoint.forSession !== null,
);
