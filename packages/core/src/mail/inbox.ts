import type { inboxInput, inboxSchema } from '@drift/contract';
import type { EmailCategory, Prisma, PrismaClient } from '@drift/db';
import { EMAIL_CATEGORIES, pageInfo } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { EMAIL_FIELDS, toEmail } from '../serializers.ts';
import { assertOwnSession } from '../sessions/session-access.ts';

type InboxInput = z.infer<typeof inboxInput>;
type CategoryCounts = Record<EmailCategory | 'all', number>;

const ORDER: Record<InboxInput['sort'], Prisma.EmailOrderByWithRelationInput[]> = {
  urgency: [{ urgencyScore: 'desc' }, { receivedAt: 'desc' }, { id: 'desc' }],
  time: [{ receivedAt: 'desc' }, { id: 'desc' }],
};

/** The search as a literal substring: LIKE's own wildcards (and its escape) in it match themselves. */
function literalPattern(q: string): string {
  return q.replace(/[\\%_]/g, '\\$&');
}

function searchWhere(q: string): Prisma.EmailWhereInput {
  const contains = { contains: literalPattern(q), mode: 'insensitive' as const };
  return { OR: [{ fromEmail: contains }, { fromName: contains }, { subject: contains }] };
}

function countsOf(rows: { category: EmailCategory; count: number }[]): CategoryCounts {
  const counts = Object.fromEntries([...EMAIL_CATEGORIES, 'all'].map((key) => [key, 0])) as CategoryCounts;
  for (const { category, count } of rows) {
    counts[category] += count;
    counts.all += count;
  }
  return counts;
}

/**
 * Messages per category under the session and the search. Without a search they are the counters
 * the triggers keep (email_counts); with one, the matching rows are counted.
 */
async function categoryCounts(
  prisma: PrismaClient,
  scope: { accountId: string; sessionId: string },
  q: string | undefined,
): Promise<CategoryCounts> {
  if (!q) {
    const rows = await prisma.emailCount.findMany({ where: scope, select: { category: true, count: true } });
    return countsOf(rows);
  }
  const groups = await prisma.email.groupBy({
    by: ['category'],
    where: { ...scope, ...searchWhere(q) },
    _count: { _all: true },
  });
  return countsOf(groups.map((group) => ({ category: group.category, count: group._count._all })));
}

/** One session's mail for the dashboard: filtered, searched, sorted, paged, with counts per category. */
export async function listInbox(
  { prisma }: CoreDeps,
  accountId: string,
  input: InboxInput,
): Promise<z.input<typeof inboxSchema>> {
  await assertOwnSession(prisma, accountId, input.session_id);
  const scope = { accountId, sessionId: input.session_id };
  const q = input.q || undefined;
  const where: Prisma.EmailWhereInput = {
    ...scope,
    ...(input.category && { category: input.category }),
    ...(q && searchWhere(q)),
  };
  const [counts, rows] = await Promise.all([
    categoryCounts(prisma, scope, q),
    prisma.email.findMany({
      where,
      orderBy: ORDER[input.sort],
      skip: input.offset,
      take: input.limit,
      select: EMAIL_FIELDS,
    }),
  ]);
  const total = input.category ? counts[input.category] : counts.all;
  return { data: rows.map(toEmail), pagination: pageInfo(total, input), counts };
}
