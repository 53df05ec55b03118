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
    if (error.cause instanceof ZodError) throw domainError('VALIDATION_ERROR', formatZodError(error.cause));
    throw toTRPCError(error);
  }
  return result;
});

const LAST_USED_PRECISION_MS = 60_000;
const BEARER = /^Bearer +(\S+) *$/i;

const authenticated = baseProcedure.use(async ({ ctx, next }) => {
  if (!ctx.authorization) throw domainError('UNAUTHORIZED', 'Missing Authorization header');
  const token = BEARER.exec(ctx.authorization)?.[1];
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
  return next({
    ctx: {
      apiKey: { id: key.id, scopes: key.scopes, accountId: key.accountId, plan: key.account.plan as Plan },
    },
  });
});

const rateLimited = authenticated.use(async ({ ctx, next }) => {
  const decision = await ctx.rateLimiter.consume(ctx.apiKey.id, ctx.clock.now());
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
  return next();
});

/** A procedure of the public API: valid key, rate limit, plan, then the operation's scope. */
export function apiProcedure(operation: Operation) {
  return rateLimited.use(({ ctx, next }) => {
    assertApiAccess(ctx.apiKey.plan);
    assertScope(ctx.apiKey.scopes, operation);
    return next({ ctx: { accountId: ctx.apiKey.accountId } });
  });
}

/** Internal procedures for operators (the CLI), authenticated by the server's admin token. */
export const adminProcedure = baseProcedure.use(({ ctx, next }) => {
  const presented = ctx.presentedAdminToken;
  if (!presented || !constantTimeEqual(presented, ctx.adminToken)) {
    throw domainError('UNAUTHORIZED', 'A valid admin token is required');
  }
  return next();
});
