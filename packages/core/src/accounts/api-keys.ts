import type { createdKeyOutput, keyListOutput, keyOutput, revokedKeyOutput } from '@drift/contract';
import type { ApiKey } from '@drift/db';
import { assertApiAccess, DomainError, generateApiKey, newId, parseScopes, toIso } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { findAccount } from './find-account.ts';

// One implementation for the operator's CLI (admin token) and the owner's dashboard (signed-in
// user), so that both enforce the same rules.

interface NewKey {
  scopes: string[];
  name?: string | undefined;
}

function toKey(key: ApiKey): z.infer<typeof keyOutput> {
  return {
    id: key.id,
    name: key.name,
    display_prefix: key.displayPrefix,
    scopes: key.scopes,
    created_at: toIso(key.createdAt),
    last_used_at: key.lastUsedAt ? toIso(key.lastUsedAt) : null,
    revoked_at: key.revokedAt ? toIso(key.revokedAt) : null,
  };
}

/** The key in clear exists only in this return value: it is shown once and only its hash is kept. */
export async function createApiKey(
  { prisma }: CoreDeps,
  accountId: string,
  input: NewKey,
): Promise<z.infer<typeof createdKeyOutput>> {
  const scopes = parseScopes(input.scopes);
  await findAccount(prisma, accountId);
  const { key, hash, displayPrefix } = generateApiKey();
  const row = await prisma.apiKey.create({
    data: { id: newId('key'), accountId, name: input.name ?? null, keyHash: hash, displayPrefix, scopes },
  });
  return { id: row.id, key, name: row.name, scopes: row.scopes, created_at: toIso(row.createdAt) };
}

/** Keys are for the REST API, which only the team_growth plan may use: the owner meets the gate here. */
export async function createOwnApiKey(
  core: CoreDeps,
  accountId: string,
  input: NewKey,
): Promise<z.infer<typeof createdKeyOutput>> {
  assertApiAccess((await findAccount(core.prisma, accountId)).plan);
  return createApiKey(core, accountId, input);
}

export async function listApiKeys(
  { prisma }: CoreDeps,
  accountId: string,
): Promise<z.infer<typeof keyListOutput>> {
  await findAccount(prisma, accountId);
  const keys = await prisma.apiKey.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return { data: keys.map(toKey) };
}

/**
 * Revokes any key (operator) or, given its account, only that account's (owner). Revoking twice
 * keeps the first time, so the record says when access really ended. This instance's key cache
 * forgets the key before this returns, the others on the broadcast (or, without one, by their TTL).
 */
export async function revokeApiKey(
  { prisma, clock, apiKeyCache }: CoreDeps,
  id: string,
  accountId?: string,
): Promise<z.infer<typeof revokedKeyOutput>> {
  const existing = await prisma.apiKey.findFirst({ where: { id, ...(accountId && { accountId }) } });
  if (!existing) throw new DomainError('NOT_FOUND', `API key ${id} not found`);
  const revokedAt = existing.revokedAt ?? clock.now();
  if (!existing.revokedAt) await prisma.apiKey.update({ where: { id }, data: { revokedAt } });
  // Also when already revoked: repeating the message is harmless and covers one that was lost.
  await apiKeyCache?.invalidate({ keyId: id });
  return { id: existing.id, revoked: true as const, revoked_at: toIso(revokedAt) };
}
