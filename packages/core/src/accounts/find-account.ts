import type { Account, PrismaClient } from '@drift/db';
import { DomainError } from '@drift/domain';

export async function findAccount(prisma: PrismaClient, id: string): Promise<Account> {
  const account = await prisma.account.findUnique({ where: { id } });
  if (!account) throw new DomainError('NOT_FOUND', `Account ${id} not found`);
  return account;
}
