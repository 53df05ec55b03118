import type { createdUserOutput } from '@drift/contract';
import { DomainError, generateSecretToken, hashPassword, newId } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { findAccount } from './find-account.ts';

/** A dashboard user; without a password one is generated and shown once, like an API key. */
export async function createUser(
  { prisma }: CoreDeps,
  input: { account_id: string; email: string; name?: string | undefined; password?: string | undefined },
): Promise<z.infer<typeof createdUserOutput>> {
  const password = input.password ?? generateSecretToken(12);
  await findAccount(prisma, input.account_id);
  if (await prisma.user.findUnique({ where: { email: input.email } })) {
    throw new DomainError('CONFLICT', `A user with email ${input.email} already exists`);
  }
  const user = await prisma.user.create({
    data: {
      id: newId('usr'),
      accountId: input.account_id,
      email: input.email,
      name: input.name ?? input.email.split('@')[0] ?? input.email,
      passwordHash: await hashPassword(password),
    },
  });
  return {
    id: user.id,
    account_id: user.accountId,
    email: user.email,
    name: user.name,
    password: input.password ? null : password,
  };
}
