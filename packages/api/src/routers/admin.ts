import {
  DomainError,
  generateApiKey,
  generateSecretToken,
  newId,
  PLANS,
  parseScopes,
  toIso,
} from '@drift/domain';
import { z } from 'zod';
import { adminProcedure, router } from '../trpc.ts';

const accountId = z.string().min(1).max(100);
const emailAddress = z.email({ error: 'must be an email address' }).transform((s) => s.toLowerCase());

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const accountOutput = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  plan: z.enum(PLANS),
  inbound_token: z.string(),
});

const settingsOutput = z.object({
  account_id: z.string(),
  email: z.string(),
  timezone: z.string(),
  vip_senders: z.array(z.string()),
  urgent_keywords: z.array(z.string()),
  aliases: z.array(z.string()),
});

const keyOutput = z.object({
  id: z.string(),
  name: z.string().nullable(),
  display_prefix: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

async function findAccount(prisma: import('@drift/db').PrismaClient, id: string) {
  const account = await prisma.account.findUnique({ where: { id } });
  if (!account) throw new DomainError('NOT_FOUND', `Account ${id} not found`);
  return account;
}

const unique = (values: string[]) => [...new Set(values)];

export const adminRouter = router({
  accounts: router({
    create: adminProcedure
      .input(
        z.strictObject({
          name: z.string().trim().min(1, { error: 'name must not be empty' }).max(200),
          email: emailAddress,
          plan: z.enum(PLANS, { error: `plan must be one of: ${PLANS.join(', ')}` }).default('free'),
        }),
      )
      .output(accountOutput)
      .mutation(async ({ ctx, input }) => {
        const account = await ctx.prisma.account.create({
          data: {
            id: newId('acct'),
            name: input.name,
            email: input.email,
            plan: input.plan,
            inboundToken: generateSecretToken(),
          },
        });
        return {
          id: account.id,
          name: account.name,
          email: account.email,
          plan: account.plan,
          inbound_token: account.inboundToken,
        };
      }),

    settings: adminProcedure
      .input(
        z.strictObject({
          account_id: accountId,
          timezone: z
            .string()
            .refine(isIanaTimeZone, { error: 'timezone must be an IANA time zone such as Europe/Paris' })
            .optional(),
          vip_senders: z.array(emailAddress).optional(),
          urgent_keywords: z.array(z.string().trim().min(1).max(100)).optional(),
          aliases: z.array(emailAddress).optional(),
        }),
      )
      .output(settingsOutput)
      .mutation(async ({ ctx, input }) => {
        await findAccount(ctx.prisma, input.account_id);
        const account = await ctx.prisma.account.update({
          where: { id: input.account_id },
          data: {
            ...(input.timezone && { timezone: input.timezone }),
            ...(input.vip_senders && { vipSenders: unique(input.vip_senders) }),
            ...(input.urgent_keywords && {
              urgentKeywords: unique(input.urgent_keywords.map((k) => k.toLowerCase())),
            }),
            ...(input.aliases && { aliases: unique(input.aliases) }),
          },
        });
        return {
          account_id: account.id,
          email: account.email,
          timezone: account.timezone,
          vip_senders: account.vipSenders,
          urgent_keywords: account.urgentKeywords,
          aliases: account.aliases,
        };
      }),
  }),

  keys: router({
    create: adminProcedure
      .input(
        z.strictObject({
          account_id: accountId,
          scopes: z.array(z.string()),
          name: z.string().trim().min(1).max(200).optional(),
        }),
      )
      .output(
        z.object({
          id: z.string(),
          key: z.string(),
          name: z.string().nullable(),
          scopes: z.array(z.string()),
          created_at: z.string(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const scopes = parseScopes(input.scopes);
        await findAccount(ctx.prisma, input.account_id);
        const { key, hash, displayPrefix } = generateApiKey();
        const row = await ctx.prisma.apiKey.create({
          data: {
            id: newId('key'),
            accountId: input.account_id,
            name: input.name ?? null,
            keyHash: hash,
            displayPrefix,
            scopes,
          },
        });
        return { id: row.id, key, name: row.name, scopes: row.scopes, created_at: toIso(row.createdAt) };
      }),

    revoke: adminProcedure
      .input(z.strictObject({ id: z.string().min(1).max(100) }))
      .output(z.object({ id: z.string(), revoked: z.literal(true), revoked_at: z.string() }))
      .mutation(async ({ ctx, input }) => {
        const existing = await ctx.prisma.apiKey.findUnique({ where: { id: input.id } });
        if (!existing) throw new DomainError('NOT_FOUND', `API key ${input.id} not found`);
        // Revoking twice keeps the first time, so the record says when access really ended.
        const revokedAt = existing.revokedAt ?? ctx.clock.now();
        if (!existing.revokedAt)
          await ctx.prisma.apiKey.update({ where: { id: input.id }, data: { revokedAt } });
        return { id: existing.id, revoked: true as const, revoked_at: toIso(revokedAt) };
      }),

    list: adminProcedure
      .input(z.strictObject({ account_id: accountId }))
      .output(z.object({ data: z.array(keyOutput) }))
      .query(async ({ ctx, input }) => {
        await findAccount(ctx.prisma, input.account_id);
        const keys = await ctx.prisma.apiKey.findMany({
          where: { accountId: input.account_id },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        });
        return {
          data: keys.map((k) => ({
            id: k.id,
            name: k.name,
            display_prefix: k.displayPrefix,
            scopes: k.scopes,
            created_at: toIso(k.createdAt),
            last_used_at: k.lastUsedAt ? toIso(k.lastUsedAt) : null,
            revoked_at: k.revokedAt ? toIso(k.revokedAt) : null,
          })),
        };
      }),
  }),
});
