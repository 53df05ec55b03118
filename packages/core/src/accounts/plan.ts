import type { Account } from '@drift/db';
import type { Plan } from '@drift/domain';
import type { CoreDeps } from '../deps.ts';
import { findAccount } from './find-account.ts';

/**
 * The one write of an account's plan. The plan gates API access, and authenticated keys carry it
 * in every instance's key cache, so the account's keys are invalidated there too.
 */
export async function changePlan(
  { prisma, apiKeyCache }: CoreDeps,
  accountId: string,
  plan: Plan,
): Promise<Account> {
  await findAccount(prisma, accountId);
  const account = await prisma.account.update({ where: { id: accountId }, data: { plan } });
  await apiKeyCache?.invalidate({ accountId });
  return account;
}
