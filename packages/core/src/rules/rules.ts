import {
  type CreateRuleInput,
  type MoveRuleInput,
  RULES_MAX,
  type RuleView,
  ruleActionSchema,
  ruleConditionSchema,
  type UpdateRuleInput,
} from '@drift/contract';
import type { Account, Prisma, PrismaClient, Rule } from '@drift/db';
import { DomainError, newId, toIso } from '@drift/domain';
import { z } from 'zod';
import { findAccount } from '../accounts/find-account.ts';
import type { CoreDeps } from '../deps.ts';
import type { EvaluatedRule } from './match.ts';
import { validActions, validConditions } from './validation.ts';

// The account's custom rules (Team Growth): list, create, change, remove and move, kept numbered
// 1..n in the order they are evaluated. Every change of order takes the account's row lock, so two
// concurrent changes cannot give two rules one position.

export const RULE_NOT_FOUND = 'Rule not found';
export const RULES_NEED_TEAM_GROWTH = 'Custom rules require Team Growth plan';

type Tx = Prisma.TransactionClient;
const storedConditions = z.array(ruleConditionSchema);
const storedActions = z.array(ruleActionSchema);

/** Whether the plan has custom rules (an allow-list: an unknown plan has none). */
export const planHasRules = (plan: Account['plan']) => plan === 'team_growth';

function assertRulesPlan(account: Account): void {
  if (!planHasRules(account.plan)) throw new DomainError('FEATURE_NOT_AVAILABLE', RULES_NEED_TEAM_GROWTH);
}

async function rulesAccount(prisma: PrismaClient | Tx, accountId: string): Promise<Account> {
  const account = await findAccount(prisma as PrismaClient, accountId);
  assertRulesPlan(account);
  return account;
}

/** A stored row as matched: values that no longer parse (written by hand) make the rule inert. */
export function evaluatedRule(row: Pick<Rule, 'id' | 'name' | 'conditions' | 'actions'>): EvaluatedRule {
  const conditions = storedConditions.safeParse(row.conditions);
  const actions = storedActions.safeParse(row.actions);
  return {
    id: row.id,
    name: row.name,
    conditions: conditions.success ? conditions.data : [],
    actions: actions.success ? actions.data : [],
  };
}

export function toRuleView(row: Rule): RuleView {
  const { conditions, actions } = evaluatedRule(row);
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    enabled: row.enabled,
    conditions,
    actions,
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}

const ordered = (tx: PrismaClient | Tx, accountId: string) =>
  tx.rule.findMany({
    where: { accountId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
  });

/**
 * The enabled rules capture applies to the account's mail, in order; none when the plan has no
 * rules (a downgraded account keeps its rules, unused).
 */
export async function rulesToApply(prisma: PrismaClient, account: Account): Promise<EvaluatedRule[]> {
  if (!planHasRules(account.plan)) return [];
  const rows = await prisma.rule.findMany({
    where: { accountId: account.id, enabled: true },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, conditions: true, actions: true },
  });
  return rows.map(evaluatedRule);
}

export async function listRules({ prisma }: CoreDeps, accountId: string): Promise<{ data: RuleView[] }> {
  await rulesAccount(prisma, accountId);
  return { data: (await ordered(prisma, accountId)).map(toRuleView) };
}

/** Takes the account's row lock for the rest of the transaction. */
async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId} FOR UPDATE`;
}

/** Gives the rules positions 1..n in this order, writing only the stored rows that moved. */
async function renumber(tx: Tx, order: Pick<Rule, 'id' | 'position'>[], now: Date): Promise<void> {
  for (const [i, row] of order.entries()) {
    if (row.position !== i + 1)
      await tx.rule.update({ where: { id: row.id }, data: { position: i + 1, updatedAt: now } });
  }
}

/** 1-based, clamped to the list: a position past the end means last. */
const indexFor = (position: number | undefined, length: number) =>
  Math.min(Math.max((position ?? length + 1) - 1, 0), length);

export async function createRule(
  { prisma, clock }: CoreDeps,
  accountId: string,
  input: CreateRuleInput,
): Promise<RuleView> {
  const conditions = validConditions(input.conditions);
  const actions = validActions(input.actions);
  const now = clock.now();
  return prisma.$transaction(async (tx) => {
    await rulesAccount(tx, accountId);
    await lockAccount(tx, accountId);
    const rows = await ordered(tx, accountId);
    if (rows.length >= RULES_MAX)
      throw new DomainError(
        'VALIDATION_ERROR',
        `An account has at most ${RULES_MAX} rules; remove one first`,
      );
    const index = indexFor(input.position, rows.length);
    // The rules from the new one's place down move one further.
    await renumber(tx, [...rows.slice(0, index), { id: '', position: index + 1 }, ...rows.slice(index)], now);
    const created = await tx.rule.create({
      data: {
        id: newId('rule'),
        accountId,
        position: index + 1,
        name: input.name,
        enabled: input.enabled,
        conditions: conditions as unknown as Prisma.InputJsonValue,
        actions: actions as unknown as Prisma.InputJsonValue,
        createdAt: now,
        updatedAt: now,
      },
    });
    return toRuleView(created);
  });
}

async function ownRule(tx: PrismaClient | Tx, accountId: string, id: string): Promise<Rule> {
  const rule = await tx.rule.findFirst({ where: { id, accountId } });
  if (!rule) throw new DomainError('NOT_FOUND', RULE_NOT_FOUND);
  return rule;
}

export async function updateRule(
  { prisma, clock }: CoreDeps,
  accountId: string,
  input: UpdateRuleInput,
): Promise<RuleView> {
  await rulesAccount(prisma, accountId);
  const conditions = input.conditions && validConditions(input.conditions);
  const actions = input.actions && validActions(input.actions);
  await ownRule(prisma, accountId, input.id);
  const updated = await prisma.rule.update({
    where: { id: input.id },
    data: {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.enabled !== undefined && { enabled: input.enabled }),
      ...(conditions && { conditions: conditions as unknown as Prisma.InputJsonValue }),
      ...(actions && { actions: actions as unknown as Prisma.InputJsonValue }),
      updatedAt: clock.now(),
    },
  });
  return toRuleView(updated);
}

export async function deleteRule(
  { prisma, clock }: CoreDeps,
  accountId: string,
  input: { id: string },
): Promise<{ id: string; deleted: true }> {
  await rulesAccount(prisma, accountId);
  await prisma.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    await ownRule(tx, accountId, input.id);
    await tx.rule.delete({ where: { id: input.id } });
    await renumber(tx, await ordered(tx, accountId), clock.now());
  });
  return { id: input.id, deleted: true };
}

/** Moves a rule to a position (1 is evaluated first); the others keep their order. The new list. */
export async function moveRule(
  { prisma, clock }: CoreDeps,
  accountId: string,
  input: MoveRuleInput,
): Promise<{ data: RuleView[] }> {
  await rulesAccount(prisma, accountId);
  await prisma.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const moving = await ownRule(tx, accountId, input.id);
    const others = (await ordered(tx, accountId)).filter((row) => row.id !== moving.id);
    const index = indexFor(input.position, others.length);
    await renumber(tx, [...others.slice(0, index), moving, ...others.slice(index)], clock.now());
  });
  return { data: (await ordered(prisma, accountId)).map(toRuleView) };
}

/** The account a rule belongs to, for the operator's procedures that name only the rule. */
export async function accountOfRule({ prisma }: CoreDeps, id: string): Promise<string> {
  const rule = await prisma.rule.findUnique({ where: { id }, select: { accountId: true } });
  if (!rule) throw new DomainError('NOT_FOUND', RULE_NOT_FOUND);
  return rule.accountId;
}
