import type { meOutput, userOutput } from '@drift/contract';
import type { User } from '@drift/db';
import { DomainError, verifyPassword } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { findAccount } from './find-account.ts';

/** Same answer for an unknown email and a wrong password: no way to probe who has an account. */
const BAD_CREDENTIALS = 'Email or password is incorrect';
/** Verified against for unknown emails, so that their timing stays close to that of wrong passwords. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function verifyCredentials(
  { prisma }: CoreDeps,
  credentials: { email: string; password: string },
): Promise<User> {
  const user = await prisma.user.findUnique({ where: { email: credentials.email } });
  const matches = await verifyPassword(credentials.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches) throw new DomainError('UNAUTHORIZED', BAD_CREDENTIALS);
  return user;
}

export function toUser(user: User): z.infer<typeof userOutput> {
  return { id: user.id, email: user.email, name: user.name };
}

/** The signed-in user and their account, as the dashboard shows them. */
export async function describeUser(
  { prisma }: CoreDeps,
  user: User,
): Promise<Omit<z.infer<typeof meOutput>, 'csrf_token'>> {
  const account = await findAccount(prisma, user.accountId);
  return {
    user: toUser(user),
    account: {
      id: account.id,
      name: account.name,
      email: account.email,
      plan: account.plan,
      timezone: account.timezone,
    },
  };
}
