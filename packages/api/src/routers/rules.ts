import {
  accountCreateRuleInput,
  accountMoveRuleInput,
  accountUpdateRuleInput,
  createRuleInput,
  deletedRuleSchema,
  moveRuleInput,
  ruleIdInput,
  ruleListSchema,
  ruleSchema,
  updateRuleInput,
} from '@drift/contract';
import { accountOfRule, createRule, deleteRule, listRules, moveRule, updateRule } from '@drift/core';
import { adminProcedure, router } from '../trpc.ts';
import { accountMutation, accountQuery, ownerMutation, ownerQuery } from './procedures.ts';

// Custom rules (Team Growth): the signed-in owner's (dashboard), and the operator's under `admin`
// (the `pnpm drift rules` CLI, admin token), where a rule is found by its id alone.

const adminRulesRouter = router({
  list: accountQuery(ruleListSchema, listRules),
  create: accountMutation(accountCreateRuleInput, ruleSchema, createRule),
  update: adminProcedure
    .input(accountUpdateRuleInput)
    .output(ruleSchema)
    .mutation(async ({ ctx, input }) => updateRule(ctx.core, await accountOfRule(ctx.core, input.id), input)),
  remove: adminProcedure
    .input(ruleIdInput)
    .output(deletedRuleSchema)
    .mutation(async ({ ctx, input }) => deleteRule(ctx.core, await accountOfRule(ctx.core, input.id), input)),
  move: adminProcedure
    .input(accountMoveRuleInput)
    .output(ruleListSchema)
    .mutation(async ({ ctx, input }) => moveRule(ctx.core, await accountOfRule(ctx.core, input.id), input)),
});

export const rulesRouter = router({
  list: ownerQuery(ruleListSchema, listRules),
  create: ownerMutation(createRuleInput, ruleSchema, createRule),
  update: ownerMutation(updateRuleInput, ruleSchema, updateRule),
  remove: ownerMutation(ruleIdInput, deletedRuleSchema, deleteRule),
  /** Moves a rule to a position (1 is evaluated first); answers with the whole list in its new order. */
  move: ownerMutation(moveRuleInput, ruleListSchema, moveRule),
  admin: adminRulesRouter,
});
