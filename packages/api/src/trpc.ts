import { formatZodError, zodFieldErrors } from '@drift/contract';
import { assertApiAccess, assertScope, constantTimeEqual, type Operation } from '@drift/domain';
import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import {
  type AuthenticatedKey,
  authenticateApiKey,
  rateLimitExceeded,
  rateLimitHeaders,
} from './api-key-auth.ts';
import type { Context } from './context.ts';
import { domainError, errorDetailsOf, restErrorOf, toTRPCError } from './errors.ts';
import { csrfMatches, findSignedInUser } from './web-sessions.ts';

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const rest = restErrorOf(error);
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: rest.message,
        data: {
          ...data,
          driftCode: rest.code,
          httpStatus: rest.status,
          requestId: ctx?.requestId ?? null,
          details: errorDetailsOf(error),
        },
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
      throw domainError('VALIDATION_ERROR', formatZodError(error.cause), {
        details: { fields: zodFieldErrors(error.cause) },
      });
    }
    throw toTRPCError(error);
  }
  return result;
});

/**
 * The API key of the request. REST requests arrive authenticated and charged by the HTTP layer,
 * before their body was read; over tRPC the key is authenticated and charged here.
 */
async function authenticateKey(ctx: Context): Promise<AuthenticatedKey> {
  const { key, rateLimit } =
    ctx.keyAuthentication ?? (await authenticateApiKey(ctx.core, ctx.authorization, ctx.facts));
  Object.assign(ctx.response.headers, rateLimitHeaders(rateLimit));
  if (!rateLimit.allowed) throw rateLimitExceeded(rateLimit);
  return key;
}

/**
 * A signed-in dashboard user (tRPC only, never REST). Mutations must echo the session's CSRF
 * token in a header: a cross-site page can make the browser send the cookie, not read the token.
 */
async function authenticateUser(ctx: Context, token: string, type: string) {
  const signedIn = await findSignedInUser(ctx.core.prisma, token, ctx.core.clock.now());
  if (!signedIn) throw domainError('UNAUTHORIZED', 'Your session has ended; sign in again');
  if (type === 'mutation' && !csrfMatches(ctx.csrfToken, signedIn.csrfToken)) {
    throw domainError('UNAUTHORIZED', 'Missing or invalid CSRF token; reload the page');
  }
  ctx.facts.accountId = signedIn.user.accountId;
  return signedIn;
}

/**
 * A procedure of the public API. With an API key: rate limit, plan, then the operation's scope.
 * The owner's own dashboard reaches the same procedure with its session (tRPC only): no plan gate
 * or scopes, which govern third-party access only. One middleware, so one context copy per call.
 */
export function apiProcedure(operation: Operation) {
  return baseProcedure.use(async ({ ctx, type, next }) => {
    if (ctx.keyAuthentication || ctx.authorization) {
      const apiKey = await authenticateKey(ctx);
      assertApiAccess(apiKey.plan);
      assertScope(apiKey.scopes, operation);
      return next({ ctx: { accountId: apiKey.accountId } });
    }
    if (ctx.sessionToken) {
      const { user } = await authenticateUser(ctx, ctx.sessionToken, type);
      return next({ ctx: { accountId: user.accountId } });
    }
    throw domainError('UNAUTHORIZED', 'Missing Authorization header');
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
