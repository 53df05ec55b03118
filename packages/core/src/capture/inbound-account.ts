import type { Account } from '@drift/db';
import { DomainError } from '@drift/domain';
import type { CoreDeps } from '../deps.ts';

/** Tokens are base62: anything else cannot be one, and is not worth a query. */
const TOKEN = /^[0-9A-Za-z]{1,100}$/;

/** The account whose secret inbound address (`/inbound/<token>`) a relay delivered to. */
export async function findInboundAccount(
  { prisma }: Pick<CoreDeps, 'prisma'>,
  token: string,
): Promise<Account> {
  const account = TOKEN.test(token)
    ? await prisma.account.findUnique({ where: { inboundToken: token } })
    : null;
  if (!account) throw new DomainError('NOT_FOUND', 'Unknown inbound address');
  return account;
}
