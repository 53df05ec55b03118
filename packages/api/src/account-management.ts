import type { Account, ApiKey, PrismaClient } from '@drift/db';
import {
  DomainError,
  generateApiKey,
  hashPassword,
  newId,
  PASSWORD_MIN_LENGTH,
  parseScopes,
  toIso,
} from '@drift/domain';
import { z } from 'zod';

// Account settings, keys and users: one implementation for the operator's CLI (admin token) and
// the owner's dashboard (signed-in user), so that both enforce the same rules.

export const emailAddress = z.email({ error: 'must be an email address' }).transform((s) => s.toLowerCase());

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const settingsChange = {
  timezone: z
    .string()
    .refine(isIanaTimeZone, { error: 'timezone must be an IANA time zone such as Europe/Paris' })
    .optional(),
  vip_senders: z.array(emailAddress).max(500).optional(),
  urgent_keywords: z.array(z.string().trim().min(1).max(100)).max(500).optional(),
  aliases: z.array(emailAddress).max(50).optional(),
};

export const settingsOutput = z.object({
  account_id: z.string(),
  email: z.string(),
  timezone: z.string(),
  vip_senders: z.array(z.string()),
  urgent_keywords: z.array(z.string()),
  aliases: z.array(z.string()),
  inbound_address: z.string(),
});

export const keyOutput = z.object({
  id: z.string(),
  name: z.string().nullable(),
  display_prefix: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

export const createdKeyOutput = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string().nullable(),
  scopes: z.array(z.string()),
  created_at: z.string(),
});

const unique = (values: string[]) => [...new Set(values)];

export async function findAccount(prisma: PrismaClient, id: string): Promise<Account> {
  const account = await prisma.account.findUnique({ where: { id } });
  if (!account) throw new DomainError('NOT_FOUND', `Account ${id} not found`);
  return account;
}

export function toSettings(account: Account): z.infer<typeof settingsOutput> {
  return {
    account_id: account.id,
    email: account.email,
    timezone: account.timezone,
    vip_senders: account.vipSenders,
    urgent_keywords: account.urgentKeywords,
    aliases: account.aliases,
    inbound_address: `/inbound/${account.inboundToken}`,
  };
}

export async function updateSettings(
  prisma: PrismaClient,
  accountId: string,
  change: { timezone?: string; vip_senders?: string[]; urgent_keywords?: string[]; aliases?: string[] },
): Promise<Account> {
  await findAccount(prisma, accountId);
  return prisma.account.update({
    where: { id: accountId },
    data: {
      ...(change.timezone && { timezone: change.timezone }),
      ...(change.vip_senders && { vipSenders: unique(change.vip_senders) }),
      ...(change.urgent_keywords && {
        urgentKeywords: unique(change.urgent_keywords.map((k) => k.toLowerCase())),
      }),
      ...(change.aliases && { aliases: unique(change.aliases) }),
    },
  });
}

export function toKey(key: ApiKey): z.infer<typeof keyOutput> {
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
  prisma: PrismaClient,
  accountId: string,
  input: { scopes: string[]; name?: string | undefined },
): Promise<z.infer<typeof createdKeyOutput>> {
  const scopes = parseScopes(input.scopes);
  await findAccount(prisma, accountId);
  const { key, hash, displayPrefix } = generateApiKey();
  const row = await prisma.apiKey.create({
    data: { id: newId('key'), accountId, name: input.name ?? null, keyHash: hash, displayPrefix, scopes },
  });
  return { id: row.id, key, name: row.name, scopes: row.scopes, created_at: toIso(row.createdAt) };
}

export async function listApiKeys(prisma: PrismaClient, accountId: string) {
  const keys = await prisma.apiKey.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return { data: keys.map(toKey) };
}

/** Revoking twice keeps the first time, so the record says when access really ended. */
export async function revokeApiKey(prisma: PrismaClient, id: string, now: Date, accountId?: string) {
  const existing = await prisma.apiKey.findFirst({ where: { id, ...(accountId && { accountId }) } });
  if (!existing) throw new DomainError('NOT_FOUND', `API key ${id} not found`);
  const revokedAt = existing.revokedAt ?? now;
  if (!existing.revokedAt) await prisma.apiKey.update({ where: { id }, data: { revokedAt } });
  return { id: existing.id, revoked: true as const, revoked_at: toIso(revokedAt) };
}

export const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(200);

export async function createUser(
  prisma: PrismaClient,
  input: { accountId: string; email: string; name: string; password: string },
) {
  await findAccount(prisma, input.accountId);
  if (await prisma.user.findUnique({ where: { email: input.email } })) {
    throw new DomainError('CONFLICT', `A user with email ${input.email} already exists`);
  }
  return prisma.user.create({
    data: {
      id: newId('usr'),
      accountId: input.accountId,
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    },
  });
}
