import type { Prisma } from '@drift/db';
import { toIso } from '@drift/domain';
import { composePlaybookEmail, type PlaybookDigest } from '@drift/mail';
import type { MailDeps } from '../deps.ts';

/** A delivery in progress is hidden from other workers this long: longer than any SMTP timeout. */
const DELIVERY_LEASE_MS = 5 * 60_000;
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 60 * 60_000;

/** Due, not delivered, and not being delivered by someone else right now. */
export function deliverableWhere(now: Date): Prisma.PlaybookWhereInput {
  return {
    deliveredAt: null,
    deliverAt: { lte: now },
    OR: [{ deliveryClaimedUntil: null }, { deliveryClaimedUntil: { lt: now } }],
  };
}

/**
 * Emails a due playbook to its owner. It is claimed first (a conditional update that only one
 * worker of any instance can win), so that the owner gets one email; a failed send is retried
 * later with backoff. Returns whether this call delivered it.
 */
export async function deliverPlaybook(deps: MailDeps, playbookId: string): Promise<boolean> {
  const { prisma, clock, mailer } = deps;
  const now = clock.now();
  const claim = await prisma.playbook.updateMany({
    where: { id: playbookId, ...deliverableWhere(now) },
    data: {
      deliveryClaimedUntil: new Date(now.getTime() + DELIVERY_LEASE_MS),
      deliveryAttempts: { increment: 1 },
    },
  });
  if (claim.count === 0) return false;
  const playbook = await prisma.playbook.findUniqueOrThrow({
    where: { id: playbookId },
    include: { account: true },
  });
  const digest: PlaybookDigest = {
    summary: playbook.summary,
    action_items: playbook.actionItems as unknown as PlaybookDigest['action_items'],
    fyi_items: playbook.fyiItems as unknown as PlaybookDigest['fyi_items'],
    resolved_items: playbook.resolvedItems as unknown as PlaybookDigest['resolved_items'],
    stats: {
      total_emails: playbook.totalEmails,
      filtered_emails: playbook.filteredEmails,
      time_saved_minutes: playbook.timeSavedMinutes,
    },
  };
  try {
    await mailer.send(
      composePlaybookEmail(digest, { address: playbook.account.email, name: playbook.account.name }),
    );
  } catch (error) {
    const retryIn = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, playbook.deliveryAttempts - 1));
    await prisma.playbook.update({
      where: { id: playbookId },
      data: {
        deliveryClaimedUntil: new Date(now.getTime() + retryIn),
        lastDeliveryError: `${toIso(now)} ${error instanceof Error ? error.message : String(error)}`.slice(
          0,
          500,
        ),
      },
    });
    return false;
  }
  await prisma.playbook.update({
    where: { id: playbookId },
    data: { deliveredAt: clock.now(), deliveryClaimedUntil: null, lastDeliveryError: null },
  });
  return true;
}
