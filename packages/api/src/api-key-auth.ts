import { HEADERS } from '@drift/contract';
import type { CoreDeps, RateLimitDecision, StoredApiKey } from '@drift/core';
import type { PrismaClient } from '@drift/db';
import { constantTimeEqual, hashApiKey, looksLikeApiKey, type Plan } from '@drift/domain';
import type { TRPCError } from '@trpc/server';
import { domainError } from './errors.ts';
import type { RequestFacts } from './request-facts.ts';

/** The API key a request authenticated with, as the procedures need it. */
export interface AuthenticatedKey {
  id: string;
  scopes: string[];
  accountId: string;
  plan: Plan;
}

/** A valid key and the rate limiter's decision for this request (charged once, whether allowed or not). */
export interface KeyAuthentication {
  key: AuthenticatedKey;
  rateLimit: RateLimitDecision;
}

const LAST_USED_PRECISION_MS = 60_000;
const BEARER = /^Bearer +(\S+) *$/i;

/** The stored key with the given hash and what authentication reads of it (one indexed lookup). */
export function findApiKeyByHash(prisma: PrismaClient, keyHash: string): Promise<StoredApiKey | null> {
  return prisma.apiKey.findUnique({
    where: { keyHash },
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
}

type AuthenticationDeps = Pick<CoreDeps, 'prisma' | 'clock' | 'rateLimiter' | 'apiKeyCache'>;

/** The stored key, from the instance's key cache when it has one. */
function lookUpKey({ prisma, apiKeyCache }: AuthenticationDeps, keyHash: string) {
  if (!apiKeyCache) return findApiKeyByHash(prisma, keyHash);
  return apiKeyCache.find(keyHash, (hash) => findApiKeyByHash(prisma, hash));
}

/**
 * An API key from `Authorization: Bearer drift_...`: valid and not revoked (else a 401 is
 * thrown), then charged against its rate limit. A refused request is the caller's to answer.
 */
export async function authenticateApiKey(
  deps: AuthenticationDeps,
  authorization: string | undefined,
  facts: RequestFacts,
): Promise<KeyAuthentication> {
  if (authorization === undefined) throw domainError('UNAUTHORIZED', 'Missing Authorization header');
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw domainError('UNAUTHORIZED', 'Authorization header must be "Bearer <api key>"');
  if (!looksLikeApiKey(token)) throw domainError('INVALID_API_KEY', 'API key is invalid or revoked');
  const hash = hashApiKey(token);
  const key = await lookUpKey(deps, hash);
  if (!key || key.revokedAt || !constantTimeEqual(key.keyHash, hash)) {
    throw domainError('INVALID_API_KEY', 'API key is invalid or revoked');
  }
  facts.keyId = key.id;
  facts.accountId = key.accountId;
  const now = deps.clock.now();
  // One write a minute per key is enough to say "last used", and keeps reads from becoming writes.
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await deps.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
    deps.apiKeyCache?.noteUsed(hash, now);
  }
  const rateLimit = await deps.rateLimiter.consume(key.id, now);
  return {
    key: { id: key.id, scopes: key.scopes, accountId: key.accountId, plan: key.account.plan as Plan },
    rateLimit,
  };
}

/** X-RateLimit-Limit/Remaining/Reset for every answer to the key, and Retry-After when refused. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    [HEADERS.rateLimitLimit]: String(decision.limit),
    [HEADERS.rateLimitRemaining]: String(decision.remaining),
    [HEADERS.rateLimitReset]: String(decision.resetAt),
    ...(!decision.allowed && { [HEADERS.retryAfter]: String(decision.retryAfter) }),
  };
}

export function rateLimitExceeded(decision: RateLimitDecision): TRPCError {
  return domainError(
    'RATE_LIMIT_EXCEEDED',
    `Rate limit of ${decision.limit} requests per minute exceeded; retry in ${decision.retryAfter} seconds`,
  );
}
