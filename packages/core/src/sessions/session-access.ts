import type { Prisma, PrismaClient } from '@drift/db';
import { DomainError } from '@drift/domain';

const NOT_FOUND = 'OOO session not found';

/** Another account's session is indistinguishable from one that does not exist. */
export async function findOwnSession(
  prisma: PrismaClient | Prisma.TransactionClient,
  accountId: string,
  id: string,
) {
  const session = await prisma.oooSession.findFirst({ where: { id, accountId } });
  if (!session) throw new DomainError('NOT_FOUND', NOT_FOUND);
  return session;
}

export async function assertOwnSession(prisma: PrismaClient, accountId: string, id: string): Promise<void> {
  const owned = await prisma.oooSession.count({ where: { id, accountId } });
  if (owned === 0) throw new DomainError('NOT_FOUND', NOT_FOUND);
}

/** What a list filtered by session reads: the account's rows, of the given session when there is one. */
export async function ownSessionScope(
  prisma: PrismaClient,
  accountId: string,
  sessionId: string | undefined,
): Promise<{ accountId: string; sessionId?: string }> {
  if (!sessionId) return { accountId };
  await assertOwnSession(prisma, accountId, sessionId);
  return { accountId, sessionId };
}
