import type {
  correctCategoryInput,
  correctCategoryOutput,
  correctionListSchema,
  senderRuleOfferSchema,
} from '@drift/contract';
import type { EmailCategory, PrismaClient } from '@drift/db';
import { DomainError, fieldDetails, newId, toIso } from '@drift/domain';
import { URGENCY_BANDS } from '@drift/triage';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { rebuildSessionPlaybook } from '../playbooks/build-playbook.ts';
import { EMAIL_FIELDS, toEmail } from '../serializers.ts';
import { EMAIL_NOT_FOUND } from './email-detail.ts';

// The owner moves a message to another category. The message keeps triage's first verdict
// (corrected_from), the correction is kept per sender so it can be offered as a rule, and what is
// derived from categories follows: session stats (email_counts triggers) and the playbook.

type RuleOffer = z.input<typeof senderRuleOfferSchema>;

/** The newest corrections a list shows: a page of history, not an archive. */
const CORRECTIONS_SHOWN = 100;

/** A playbook rebuild reads the whole session's mail: Prisma's 5 s default is short for a big one. */
const PLAYBOOK_REBUILD_TRANSACTION = { timeout: 60_000, maxWait: 10_000 };

/** The score kept when it fits the new category's band, else the band's nearest edge. */
export function scoreInBand(category: EmailCategory, score: number): number {
  const [lo, hi] = URGENCY_BANDS[category];
  return Math.max(lo, Math.min(hi, score));
}

async function ruleOffer(
  prisma: PrismaClient,
  accountId: string,
  sender: string,
  category: EmailCategory,
): Promise<RuleOffer> {
  const [corrections, otherMessages] = await Promise.all([
    prisma.categoryCorrection.count({ where: { accountId, sender, toCategory: category } }),
    prisma.email.count({ where: { accountId, fromEmail: sender, category: { not: category } } }),
  ]);
  return { sender, category, corrections, other_messages: otherMessages };
}

export async function correctCategory(
  { prisma, clock }: CoreDeps,
  accountId: string,
  input: z.infer<typeof correctCategoryInput>,
): Promise<z.input<typeof correctCategoryOutput>> {
  const email = await prisma.email.findFirst({
    where: { id: input.id, accountId },
    select: {
      id: true,
      sessionId: true,
      fromEmail: true,
      category: true,
      urgencyScore: true,
      correctedFrom: true,
    },
  });
  if (!email) throw new DomainError('NOT_FOUND', EMAIL_NOT_FOUND);
  if (email.category === input.category) {
    const message = `The email is already in ${input.category}`;
    throw new DomainError('VALIDATION_ERROR', message, { details: fieldDetails('category', message) });
  }
  const now = clock.now();
  const sender = email.fromEmail.trim().toLowerCase();
  const correctedFrom = email.correctedFrom ?? email.category;
  const updated = await prisma.$transaction(async (tx) => {
    // Only from the category read above: a concurrent correction makes this one a conflict.
    const changed = await tx.email.updateMany({
      where: { id: email.id, category: email.category },
      data: {
        category: input.category,
        urgencyScore: scoreInBand(input.category, email.urgencyScore),
        correctedFrom,
        correctedAt: now,
      },
    });
    if (changed.count === 0)
      throw new DomainError('CONFLICT', 'The email was changed meanwhile; read it again');
    await tx.categoryCorrection.create({
      data: {
        id: newId('cc'),
        accountId,
        emailId: email.id,
        sender,
        fromCategory: email.category,
        toCategory: input.category,
        createdAt: now,
      },
    });
    await rebuildSessionPlaybook(tx, email.sessionId, now);
    return tx.email.findUniqueOrThrow({ where: { id: email.id }, select: EMAIL_FIELDS });
  }, PLAYBOOK_REBUILD_TRANSACTION);
  return {
    email: toEmail(updated),
    corrected_from: correctedFrom,
    rule_offer: await ruleOffer(prisma, accountId, sender, input.category),
  };
}

/** The account's corrections, newest first, and one rule offer per sender and category. */
export async function listCorrections(
  { prisma }: CoreDeps,
  accountId: string,
): Promise<z.input<typeof correctionListSchema>> {
  const [rows, offers] = await Promise.all([
    prisma.categoryCorrection.findMany({
      where: { accountId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: CORRECTIONS_SHOWN,
    }),
    prisma.$queryRaw<
      { sender: string; category: EmailCategory; corrections: bigint; other_messages: bigint }[]
    >`
      SELECT c.sender, c.to_category::text AS category, count(*) AS corrections,
        (SELECT count(*) FROM emails AS e
          WHERE e.account_id = ${accountId} AND e.from_email = c.sender AND e.category <> c.to_category
        ) AS other_messages
      FROM category_corrections AS c
      WHERE c.account_id = ${accountId}
      GROUP BY c.sender, c.to_category
      ORDER BY corrections DESC, c.sender, c.to_category`,
  ]);
  return {
    data: rows.map((row) => ({
      id: row.id,
      email_id: row.emailId,
      sender: row.sender,
      from_category: row.fromCategory,
      to_category: row.toCategory,
      created_at: toIso(row.createdAt),
    })),
    rule_offers: offers.map((offer) => ({
      sender: offer.sender,
      category: offer.category,
      corrections: Number(offer.corrections),
      other_messages: Number(offer.other_messages),
    })),
  };
}
