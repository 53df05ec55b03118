import type { SettingsChange, settingsOutput } from '@drift/contract';
import type { Account } from '@drift/db';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { findAccount } from './find-account.ts';

type Settings = z.infer<typeof settingsOutput>;

const unique = (values: string[]) => [...new Set(values)];

function toSettings(account: Account): Settings {
  return {
    account_id: account.id,
    email: account.email,
    timezone: account.timezone,
    vip_senders: account.vipSenders,
    urgent_keywords: account.urgentKeywords,
    aliases: account.aliases,
    inbound_address: `/inbound/${account.inboundToken}`,
  };
}

export async function getSettings({ prisma }: CoreDeps, accountId: string): Promise<Settings> {
  return toSettings(await findAccount(prisma, accountId));
}

export async function updateSettings(
  { prisma }: CoreDeps,
  accountId: string,
  change: SettingsChange,
): Promise<Settings> {
  await findAccount(prisma, accountId);
  const account = await prisma.account.update({
    where: { id: accountId },
    data: {
      ...(change.timezone && { timezone: change.timezone }),
      ...(change.vip_senders && { vipSenders: unique(change.vip_senders) }),
      ...(change.urgent_keywords && {
        urgentKeywords: unique(change.urgent_keywords.map((k) => k.toLowerCase())),
      }),
      ...(change.aliases && { aliases: unique(change.aliases) }),
    },
  });
  return toSettings(account);
}
