// Rows for tests, written straight to the database: `build<Thing>(prisma, overrides)`. The procedure
// tests here and the HTTP tests of apps/server (through `@drift/api/testing`) share them.
import type { Account, Email, EmailCategory, OooSession, Playbook, Prisma, PrismaClient } from '@drift/db';
import { generateApiKey, generateSecretToken, newId, type Plan, SCOPES, type Scope } from '@drift/domain';

const DAY_MS = 24 * 60 * 60 * 1000;

export const days = (n: number) => n * DAY_MS;
export const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs);

export async function buildAccount(
  prisma: PrismaClient,
  overrides: Partial<Prisma.AccountUncheckedCreateInput> = {},
): Promise<Account> {
  const id = overrides.id ?? newId('acct');
  return prisma.account.create({
    data: {
      id,
      name: 'Test account',
      email: `${id.toLowerCase()}@example.com`,
      plan: 'team_growth',
      inboundToken: generateSecretToken(),
      ...overrides,
    },
  });
}

/** Stores a key (only its hash, as the product does) and returns the raw key a client presents. */
export async function buildApiKey(
  prisma: PrismaClient,
  options: {
    accountId: string;
    id?: string;
    name?: string;
    scopes?: readonly Scope[];
    revokedAt?: Date | null;
  },
): Promise<{ id: string; key: string }> {
  const { key, hash, displayPrefix } = generateApiKey();
  const id = options.id ?? newId('key');
  await prisma.apiKey.create({
    data: {
      id,
      accountId: options.accountId,
      name: options.name ?? 'test key',
      keyHash: hash,
      displayPrefix,
      scopes: [...(options.scopes ?? SCOPES)],
      revokedAt: options.revokedAt ?? null,
    },
  });
  return { id, key };
}

export interface TenantRows {
  account: Account;
  accountId: string;
  key: string;
  keyId: string;
}

/** An account with one API key: by default team_growth with every scope. */
export async function buildTenant(
  prisma: PrismaClient,
  options: { plan?: Plan; scopes?: readonly Scope[] } = {},
): Promise<TenantRows> {
  const account = await buildAccount(prisma, { plan: options.plan ?? 'team_growth' });
  const { id: keyId, key } = await buildApiKey(prisma, {
    accountId: account.id,
    ...(options.scopes && { scopes: options.scopes }),
  });
  return { account, accountId: account.id, key, keyId };
}

export async function buildSession(
  prisma: PrismaClient,
  options: {
    accountId: string;
    startDate: Date;
    endDate: Date;
    returnDate?: Date;
    autoReplyMessage?: string | null;
    cancelledAt?: Date | null;
    /** Also the updatedAt, unless that is given. */
    createdAt?: Date;
    updatedAt?: Date;
  },
): Promise<OooSession> {
  const updatedAt = options.updatedAt ?? options.createdAt;
  return prisma.oooSession.create({
    data: {
      id: newId('sess'),
      accountId: options.accountId,
      startDate: options.startDate,
      endDate: options.endDate,
      returnDate: options.returnDate ?? at(options.endDate, days(1)),
      autoReplyMessage: options.autoReplyMessage ?? null,
      cancelledAt: options.cancelledAt ?? null,
      ...(options.createdAt && { createdAt: options.createdAt }),
      ...(updatedAt && { updatedAt }),
    },
  });
}

export async function buildEmail(
  prisma: PrismaClient,
  options: {
    accountId: string;
    sessionId: string;
    category?: EmailCategory;
    urgencyScore?: number;
    receivedAt?: Date;
    createdAt?: Date;
    subject?: string;
    fromEmail?: string;
    fromName?: string | null;
    threadId?: string;
    autoReplied?: boolean;
  },
): Promise<Email> {
  const id = newId('em');
  return prisma.email.create({
    data: {
      id,
      accountId: options.accountId,
      sessionId: options.sessionId,
      externalId: `ext-${id}`,
      messageId: `<${id}@mail.example.com>`,
      threadId: options.threadId ?? `thr_${id.slice(3)}`,
      subject: options.subject ?? 'Q1 Budget Review - Action Needed',
      fromEmail: options.fromEmail ?? 'manager@company.example',
      fromName: options.fromName === undefined ? 'Jane Smith' : options.fromName,
      toAddresses: ['owner@example.com'],
      ccAddresses: [],
      bodyText: 'Please approve the budget by Friday.',
      category: options.category ?? 'action_required',
      urgencyScore: options.urgencyScore ?? 5,
      aiSummary: 'Manager requesting budget approval by Friday.',
      autoReplied: options.autoReplied ?? true,
      receivedAt: options.receivedAt ?? new Date('2026-02-20T14:30:00.000Z'),
      ...(options.createdAt && { createdAt: options.createdAt }),
    },
  });
}

/** One item of a playbook list, in its wire shape (it is stored as JSON). */
export function playbookItem(overrides: Partial<Record<string, unknown>> = {}) {
  return {
    email_id: newId('em'),
    thread_id: 'thr_budget',
    subject: 'Q1 Budget Review - Action Needed',
    from_email: 'manager@company.example',
    from_name: 'Jane Smith',
    summary: 'Approve the Q1 budget.',
    category: 'action_required',
    urgency_score: 8,
    received_at: '2026-02-22T14:30:00.000Z',
    deadline: null,
    message_count: 1,
    ...overrides,
  };
}

export async function buildPlaybook(
  prisma: PrismaClient,
  options: {
    accountId: string;
    sessionId: string;
    summary?: string;
    actionItems?: unknown[];
    fyiItems?: unknown[];
    resolvedItems?: unknown[];
    totalEmails?: number;
    filteredEmails?: number;
    timeSavedMinutes?: number;
    deliveredAt?: Date | null;
    viewedAt?: Date | null;
    createdAt?: Date;
  },
): Promise<Playbook> {
  return prisma.playbook.create({
    data: {
      id: newId('pb'),
      accountId: options.accountId,
      sessionId: options.sessionId,
      summary: options.summary ?? 'You received 3 emails during your time away.',
      actionItems: (options.actionItems ?? [playbookItem()]) as Prisma.InputJsonValue,
      fyiItems: (options.fyiItems ?? []) as Prisma.InputJsonValue,
      resolvedItems: (options.resolvedItems ?? []) as Prisma.InputJsonValue,
      totalEmails: options.totalEmails ?? 3,
      filteredEmails: options.filteredEmails ?? 1,
      timeSavedMinutes: options.timeSavedMinutes ?? 6,
      deliveredAt:
        options.deliveredAt === undefined ? new Date('2026-02-28T06:00:00.000Z') : options.deliveredAt,
      viewedAt: options.viewedAt ?? null,
      ...(options.createdAt && { createdAt: options.createdAt }),
    },
  });
}

/** A connected mailbox as the sync leaves it; its secret is never opened by what reads it. */
export async function buildMailbox(prisma: PrismaClient, options: { accountId: string }) {
  return prisma.mailboxConnection.create({
    data: {
      id: newId('mbx'),
      accountId: options.accountId,
      host: 'imap.example.com',
      port: 993,
      security: 'tls',
      username: 'owner@example.com',
      authMethod: 'password',
      sealedSecret: 'sealed-secret-never-shown',
    },
  });
}
