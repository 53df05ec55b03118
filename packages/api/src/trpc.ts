import type { User } from '@drift/db';
import {
  assertApiAccess,
  assertScope,
  constantTimeEqual,
  hashApiKey,
  looksLikeApiKey,
  type Operation,
  type Plan,
} from '@drift/domain';
import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import type { Context } from './context.ts';
import { domainError, restErrorOf, toTRPCError } from './errors.ts';
import { csrfMatches, findSignedInUser } from './web-sessions.ts';
import { formatZodError } from './zod-messages.ts';

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const rest = restErrorOf(error);
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: rest.message,
        data: { ...data, driftCode: rest.code, httpStatus: rest.status },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure goes through here, so that every failure leaves as exactly one of our codes. */
export const baseProcedure = t.procedure.use(async ({ ctx, meta, path, next }) => {
  ctx.facts.procedure = path;
  ctx.facts.restPath = meta?.openapi?.path;
  const result = await next();
  if (!result.ok) {
    const { error } = result;
    // Input that fails its schema is the client's mistake; output that fails is ours (a 500).
    if (error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) {
      throw domainError('VALIDATION_ERROR', formatZodError(error.cause));
    }
    throw toTRPCError(error);
  }
  return result;
});

const LAST_USED_PRECISION_MS = 60_000;
const BEARER = /^Bearer +(\S+) *$/i;

/** An API key from `Authorization: Bearer drift_...`: valid, not revoked, then rate limited. */
async function authenticateKey(ctx: Context, authorization: string) {
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw domainError('UNAUTHORIZED', 'Authorization header must be "Bearer <api key>"');
  if (!looksLikeApiKey(token)) throw domainError('INVALID_API_KEY', 'API key is invalid or revoked');
  const hash = hashApiKey(token);
  const key = await ctx.prisma.apiKey.findUnique({
    where: { keyHash: hash },
    select: {
      id: true,
      keyHash: true,
      scopes: true,
      revokedAt: true,
      lastUsedAt: true,
      accountId: true,
      account: { select: { plan: true } },
    },
  });
  if (!key || key.revokedAt || !constantTimeEqual(key.keyHash, hash)) {
    throw domainError('INVALID_API_KEY', 'API key is invalid or revoked');
  }
  ctx.facts.keyId = key.id;
  ctx.facts.accountId = key.accountId;
  const now = ctx.clock.now();
  // One write a minute per key is enough to say "last used", and keeps reads from becoming writes.
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await ctx.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }

  const decision = await ctx.rateLimiter.consume(key.id, now);
  const headers = ctx.response.headers;
  headers['X-RateLimit-Limit'] = String(decision.limit);
  headers['X-RateLimit-Remaining'] = String(decision.remaining);
  headers['X-RateLimit-Reset'] = String(decision.resetAt);
  if (!decision.allowed) {
    headers['Retry-After'] = String(decision.retryAfter);
    throw domainError(
      'RATE_LIMIT_EXCEEDED',
      `Rate limit of ${decision.limit} requests per minute exceeded; retry in ${decision.retryAfter} seconds`,
    );
  }
  return { id: key.id, scopes: key.scopes, accountId: key.accountId, plan: key.account.plan as Plan };
}

/**
 * A signed-in dashboard user (tRPC only, never REST). Mutations must echo the session's CSRF
 * token in a header: a cross-site page can make the browser send the cookie, not read the token.
 */
async function authenticateUser(ctx: Context, token: string, type: string) {
  const signedIn = await findSignedInUser(ctx.prisma, token, ctx.clock.now());
  if (!signedIn) throw domainError('UNAUTHORIZED', 'Your session has ended; sign in again');
  if (type === 'mutation' && !csrfMatches(ctx.csrfToken, signedIn.csrfToken)) {
    throw domainError('UNAUTHORIZED', 'Missing or invalid CSRF token; reload the page');
  }
  ctx.facts.accountId = signedIn.user.accountId;
  return signedIn;
}

/** Whoever calls: an API key, or (over tRPC) a signed-in dashboard user. */
type Principal =
  | { apiKey: Awaited<ReturnType<typeof authenticateKey>>; user: null }
  | { apiKey: null; user: User };

const withPrincipal = baseProcedure.use(async ({ ctx, type, next }) => {
  let principal: Principal;
  if (ctx.authorization) {
    principal = { apiKey: await authenticateKey(ctx, ctx.authorization), user: null };
  } else if (ctx.sessionToken) {
    principal = { apiKey: null, user: (await authenticateUser(ctx, ctx.sessionToken, type)).user };
  } else {
    throw domainError('UNAUTHORIZED', 'Missing Authorization header');
  }
  return next({ ctx: { principal } });
});

/**
 * A procedure of the public API. With an API key: rate limit, plan, then the operation's scope.
 * The owner's own dashboard reaches the same procedure with its session: no plan gate or scopes,
 * which govern third-party access only.
 */
export function apiProcedure(operation: Operation) {
  return withPrincipal.use(({ ctx, next }) => {
    const { apiKey, user } = ctx.principal;
    if (apiKey) {
      assertApiAccess(apiKey.plan);
      assertScope(apiKey.scopes, operation);
      return next({ ctx: { accountId: apiKey.accountId } });
    }
    return next({ ctx: { accountId: user.accountId } });
  });
}

/** Dashboard-only procedures: a signed-in user, never an API key. */
export const userProcedure = baseProcedure.use(async ({ ctx, type, next }) => {
  if (!ctx.sessionToken) throw domainError('UNAUTHORIZED', 'Sign in to continue');
  const { user, csrfToken } = await authenticateUser(ctx, ctx.sessionToken, type);
  return next({ ctx: { user, accountId: user.accountId, csrfToken } });
});

/** Internal procedures for operators (the CLI), authenticated by the server's admin token. */
export const adminProcedure = baseProcedure.use(({ ctx, next }) => {
  const presented = ctx.presentedAdminToken;
  if (!presented || !constantTimeEqual(presented, ctx.adminToken)) {
    throw domainError('UNAUTHORIZED', 'A valid admin token is required');
  }
  return next();
});
