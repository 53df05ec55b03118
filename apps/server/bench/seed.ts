import type { PrismaClient } from '@drift/db';
import { generateSecretToken, newId } from '@drift/domain';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A team_growth account of `email` in an OOO session that began an hour ago and ends in a day. */
export async function seedAwayOwner(
  prisma: PrismaClient,
  owner: { name: string; email: string },
): Promise<{ accountId: string; inboundToken: string }> {
  const accountId = newId('acct');
  const inboundToken = generateSecretToken();
  await prisma.account.create({
    data: { id: accountId, ...owner, plan: 'team_growth', inboundToken },
  });
  const now = Date.now();
  await prisma.oooSession.create({
    data: {
      id: newId('sess'),
      accountId,
      startDate: new Date(now - HOUR_MS),
      endDate: new Date(now + DAY_MS),
      returnDate: new Date(now + 2 * DAY_MS),
    },
  });
  return { accountId, inboundToken };
}
