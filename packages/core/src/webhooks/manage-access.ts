import type { Prisma, PrismaClient } from '@drift/db';
import { DomainError } from '@drift/domain';

const NOT_FOUND = 'Webhook not found';

/** Another account's webhook is indistinguishable from one that does not exist. */
export async function findOwnWebhook(
  prisma: PrismaClient | Prisma.TransactionClient,
  accountId: string,
  id: string,
) {
  const webhook = await prisma.webhook.findFirst({ where: { id, accountId } });
  if (!webhook) throw new DomainError('NOT_FOUND', NOT_FOUND);
  return webhook;
}

/** The account a webhook belongs to, for the operator's commands that name only the webhook. */
export async function webhookAccountOf(prisma: PrismaClient, id: string): Promise<string> {
  const webhook = await prisma.webhook.findUnique({ where: { id }, select: { accountId: true } });
  if (!webhook) throw new DomainError('NOT_FOUND', NOT_FOUND);
  return webhook.accountId;
}

/**
 * Webhooks are a Team Growth feature on every path: an API key of a free account is refused before
 * (API access itself), the dashboard and the operator here.
 */
export async function assertWebhooksPlan(
  prisma: PrismaClient | Prisma.TransactionClient,
  accountId: string,
): Promise<void> {
  const account = await prisma.account.findUnique({ where: { id: accountId }, select: { plan: true } });
  if (!account) throw new DomainError('NOT_FOUND', 'Account not found');
  if (account.plan !== 'team_growth') {
    throw new DomainError('FEATURE_NOT_AVAILABLE', 'Webhooks require the Team Growth plan');
  }
}
