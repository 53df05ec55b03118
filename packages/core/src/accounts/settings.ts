import { escalationProblems, type SettingsChange, type settingsOutput } from '@drift/contract';
import type { Account, Prisma } from '@drift/db';
import { DomainError } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { findAccount } from './find-account.ts';

type Settings = z.infer<typeof settingsOutput>;

const unique = <T>(values: T[]) => [...new Set(values)];

function toSettings(account: Account): Settings {
  return {
    account_id: account.id,
    email: account.email,
    timezone: account.timezone,
    vip_senders: account.vipSenders,
    urgent_keywords: account.urgentKeywords,
    aliases: account.aliases,
    inbound_address: `/inbound/${account.inboundToken}`,
    backup_contact: account.backupContactEmail
      ? { name: account.backupContactName ?? account.backupContactEmail, email: account.backupContactEmail }
      : null,
    escalate_categories: account.escalateCategories,
    auto_reply_names_contact: account.autoReplyNamesContact,
  };
}

export async function getSettings({ prisma }: CoreDeps, accountId: string): Promise<Settings> {
  return toSettings(await findAccount(prisma, accountId));
}

/**
 * The escalation part of a change, checked against the account as it will be: a contact only on
 * Team Growth, never one of the owner's own addresses, and at least one category while one is set.
 */
function escalationChange(account: Account, change: SettingsChange): Prisma.AccountUpdateInput {
  if (change.backup_contact && account.plan !== 'team_growth') {
    throw new DomainError(
      'FEATURE_NOT_AVAILABLE',
      'Escalation to a backup contact requires the Team Growth plan',
    );
  }
  const contact =
    change.backup_contact === undefined
      ? account.backupContactEmail
        ? { name: account.backupContactName ?? '', email: account.backupContactEmail }
        : null
      : change.backup_contact;
  const categories = change.escalate_categories
    ? unique(change.escalate_categories)
    : account.escalateCategories;
  const problems = escalationProblems({
    contact,
    categories,
    ownAddresses: [account.email, ...(change.aliases ?? account.aliases)],
  });
  if (problems.length > 0) {
    throw new DomainError('VALIDATION_ERROR', problems.map((p) => p.message).join('; '), {
      details: { fields: problems },
    });
  }
  return {
    ...(change.backup_contact !== undefined && {
      backupContactName: change.backup_contact?.name ?? null,
      backupContactEmail: change.backup_contact?.email ?? null,
    }),
    ...(change.escalate_categories && { escalateCategories: categories }),
    ...(change.auto_reply_names_contact !== undefined && {
      autoReplyNamesContact: change.auto_reply_names_contact,
    }),
  };
}

export async function updateSettings(
  { prisma }: CoreDeps,
  accountId: string,
  change: SettingsChange,
): Promise<Settings> {
  const current = await findAccount(prisma, accountId);
  const account = await prisma.account.update({
    where: { id: accountId },
    data: {
      ...(change.timezone && { timezone: change.timezone }),
      ...(change.vip_senders && { vipSenders: unique(change.vip_senders) }),
      ...(change.urgent_keywords && {
        urgentKeywords: unique(change.urgent_keywords.map((k) => k.toLowerCase())),
      }),
      ...(change.aliases && { aliases: unique(change.aliases) }),
      ...escalationChange(current, change),
    },
  });
  return toSettings(account);
}
