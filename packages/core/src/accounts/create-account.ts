import type { accountOutput, createAccountInput } from '@drift/contract';
import { generateSecretToken, newId } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';

/** A new account with its secret inbound address; it has no users or keys yet. */
export async function createAccount(
  { prisma }: CoreDeps,
  input: z.infer<typeof createAccountInput>,
): Promise<z.infer<typeof accountOutput>> {
  const account = await prisma.account.create({
    data: {
      id: newId('acct'),
      name: input.name,
      email: input.email,
      plan: input.plan,
      inboundToken: generateSecretToken(),
    },
  });
  return {
    id: account.id,
    name: account.name,
    email: account.email,
    plan: account.plan,
    inbound_token: account.inboundToken,
  };
}
