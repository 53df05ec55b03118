import type { PrismaClient } from '@drift/db';
import { generateApiKey, generateSecretToken, hashPassword, newId, SCOPES } from '@drift/domain';

const DEMO_MARKER = 'demo_account_id';

export interface DemoAccount {
  accountId: string;
  keyId: string;
  key: string;
  inboundToken: string;
  userEmail: string;
  password: string;
}

const DEMO_EMAIL = 'demo@example.com';

/** Creates the demo account once per database; returns null when it already exists. */
export async function ensureDemoAccount(prisma: PrismaClient): Promise<DemoAccount | null> {
  const marker = await prisma.appState.findUnique({ where: { key: DEMO_MARKER } });
  if (marker) return null;
  const { key, hash, displayPrefix } = generateApiKey();
  const accountId = newId('acct');
  const keyId = newId('key');
  const inboundToken = generateSecretToken();
  const password = generateSecretToken(12);
  await prisma.$transaction([
    prisma.account.create({
      data: {
        id: accountId,
        name: 'Demo',
        email: DEMO_EMAIL,
        plan: 'team_growth',
        inboundToken,
      },
    }),
    prisma.apiKey.create({
      data: { id: keyId, accountId, name: 'Demo key', keyHash: hash, displayPrefix, scopes: [...SCOPES] },
    }),
    prisma.user.create({
      data: {
        id: newId('usr'),
        accountId,
        email: DEMO_EMAIL,
        name: 'Demo',
        passwordHash: await hashPassword(password),
      },
    }),
    prisma.appState.create({ data: { key: DEMO_MARKER, value: accountId } }),
  ]);
  return { accountId, keyId, key, inboundToken, userEmail: DEMO_EMAIL, password };
}
