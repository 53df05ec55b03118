import {
  appRouter,
  authenticateApiKey,
  type KeyAuthentication,
  rateLimitExceeded,
  rateLimitHeaders,
  restErrorOf,
} from '@drift/api';
import type { CoreDeps } from '@drift/core';
import { TRPCError } from '@trpc/server';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { envelope } from './rest-envelope.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key, authenticated and charged before the body was read (REST operations only). */
    driftKeyAuthentication?: KeyAuthentication;
  }
}

type Matcher = (method: string, path: string) => boolean;

/** trpc-to-openapi's own path rule: one leading and one trailing slash dropped, then one put back. */
const normalizePath = (path: string) => `/${path.replace(/^\/|\/$/g, '')}`;

/**
 * Whether a method and path (below the API prefix) name a REST operation, matched as
 * trpc-to-openapi matches them: `{param}` is one path segment, letters in any case.
 */
function restOperations(): Matcher {
  const byMethod = new Map<string, RegExp[]>();
  // At run time `_def.procedures` is flat, one entry per procedure path (its type is nested).
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: OpenApiMeta } }>;
  for (const procedure of Object.values(procedures)) {
    const openapi = procedure._def.meta?.openapi;
    if (!openapi) continue;
    const pattern = normalizePath(openapi.path).replace(/\{(.+?)\}/g, '[^/]+');
    const patterns = byMethod.get(openapi.method) ?? [];
    patterns.push(new RegExp(`^${pattern}$`, 'i'));
    byMethod.set(openapi.method, patterns);
  }
  return (method, path) => (byMethod.get(method) ?? []).some((pattern) => pattern.test(normalizePath(path)));
}

/** The path below the API prefix as trpc-to-openapi reads it, or null when it reads none. */
function pathBelow(prefix: string, url: string): string | null {
  const rest = url.replace(prefix, '');
  if (!rest.startsWith('/')) return null;
  try {
    return new URL(`http://127.0.0.1${rest}`).pathname;
  } catch {
    return null;
  }
}

function refuse(reply: FastifyReply, error: TRPCError): void {
  const { status, code, message } = restErrorOf(error);
  reply.status(status).send(envelope(code, message));
}

/**
 * Authentication and the rate limit for the REST operations under `prefix`, before the body is
 * read: a request without a valid key is a 401 whatever its body, and a request with one is
 * charged once and carries X-RateLimit-* on every answer (a bad body, 413, a replay, a 429).
 * Unknown routes stay 404 for everyone; the procedures reuse the decision stashed here.
 */
export function registerApiKeyGate(api: FastifyInstance, deps: CoreDeps, prefix: string): void {
  const isRestOperation = restOperations();
  // Callback style on purpose: an early answer must end the chain, and an async hook that sends
  // lets Fastify go on to parse the body and run the route while the async onSend hooks finish.
  api.addHook('onRequest', (request, reply, done) => {
    const path = pathBelow(prefix, request.url);
    if (path === null || !isRestOperation(request.method, path)) return done();
    authenticateApiKey(deps, request.headers.authorization, request.driftFacts).then(
      (authentication) => {
        reply.headers(rateLimitHeaders(authentication.rateLimit));
        if (!authentication.rateLimit.allowed)
          return refuse(reply, rateLimitExceeded(authentication.rateLimit));
        request.driftKeyAuthentication = authentication;
        done();
      },
      // Anything but a refused key (the database being down, say) is the error handler's to answer.
      (error: unknown) => (error instanceof TRPCError ? refuse(reply, error) : done(error as Error)),
    );
  });
}
