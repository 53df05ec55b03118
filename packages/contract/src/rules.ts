import { z } from 'zod';
import { emailCategorySchema, idSchema, timestamp } from './common.ts';
import { NAME_MAX_LENGTH } from './limits.ts';

// Custom rules (Team Growth): an ordered list per account, each a set of conditions that must all
// match and the actions taken when they do. The dashboard uses the owner's procedures, the CLI the
// operator's (account_id named). The shapes are checked here; what the values mean (an address, a
// domain, a header name, no action twice) is checked by @drift/core, in the same words everywhere.

export const RULE_FIELDS = ['from_address', 'from_domain', 'subject', 'body', 'list_id', 'header'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export const RULE_ACTION_TYPES = [
  'set_category',
  'min_urgency',
  'never_auto_reply',
  'escalate',
  'mark_vip',
] as const;
export type RuleActionType = (typeof RULE_ACTION_TYPES)[number];

export const RULES_MAX = 100;
export const RULE_CONDITIONS_MAX = 20;
export const RULE_VALUE_MAX_LENGTH = 500;

const ruleText = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(RULE_VALUE_MAX_LENGTH, { error: `${what} must be at most ${RULE_VALUE_MAX_LENGTH} characters` });

export const ruleConditionSchema = z.strictObject({
  field: z.enum(RULE_FIELDS, { error: `field must be one of: ${RULE_FIELDS.join(', ')}` }),
  /** The header's name, for `field: "header"` only. */
  name: ruleText('the header name').optional(),
  value: ruleText('the value'),
});
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

export const ruleActionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('set_category'), category: emailCategorySchema }),
    z.strictObject({
      type: z.literal('min_urgency'),
      value: z
        .number({ error: 'the urgency must be a whole number from 0 to 10' })
        .int({ error: 'the urgency must be a whole number from 0 to 10' })
        .min(0, { error: 'the urgency must be a whole number from 0 to 10' })
        .max(10, { error: 'the urgency must be a whole number from 0 to 10' }),
    }),
    z.strictObject({ type: z.literal('never_auto_reply') }),
    z.strictObject({ type: z.literal('escalate') }),
    z.strictObject({ type: z.literal('mark_vip') }),
  ],
  { error: `type must be one of: ${RULE_ACTION_TYPES.join(', ')}` },
);
export type RuleAction = z.infer<typeof ruleActionSchema>;

const ruleName = z
  .string({ error: 'name must be text' })
  .trim()
  .min(1, { error: 'name must not be empty' })
  .max(NAME_MAX_LENGTH, { error: `name must be at most ${NAME_MAX_LENGTH} characters` });

const ruleFields = {
  name: ruleName,
  enabled: z.boolean({ error: 'enabled must be true or false' }),
  conditions: z
    .array(ruleConditionSchema)
    .min(1, { error: 'a rule needs at least one condition' })
    .max(RULE_CONDITIONS_MAX, { error: `a rule has at most ${RULE_CONDITIONS_MAX} conditions` }),
  actions: z
    .array(ruleActionSchema)
    .min(1, { error: 'a rule needs at least one action' })
    .max(RULE_ACTION_TYPES.length, { error: `a rule has at most ${RULE_ACTION_TYPES.length} actions` }),
};

/** 1 is the first rule; a position past the end puts the rule last. */
const positionSchema = z
  .number({ error: 'position must be a whole number from 1' })
  .int({ error: 'position must be a whole number from 1' })
  .min(1, { error: 'position must be a whole number from 1' });

const ruleChange = {
  ...ruleFields,
  enabled: ruleFields.enabled.default(true),
  /** Where the new rule goes; last when absent. */
  position: positionSchema.optional(),
};
const ruleUpdate = {
  id: idSchema,
  name: ruleFields.name.optional(),
  enabled: ruleFields.enabled.optional(),
  conditions: ruleFields.conditions.optional(),
  actions: ruleFields.actions.optional(),
};
const ruleMove = { id: idSchema, position: positionSchema };

export const createRuleInput = z.strictObject(ruleChange);
export const updateRuleInput = z.strictObject(ruleUpdate);
export const ruleIdInput = z.strictObject({ id: idSchema });
export const moveRuleInput = z.strictObject(ruleMove);
export type CreateRuleInput = z.infer<typeof createRuleInput>;
export type UpdateRuleInput = z.infer<typeof updateRuleInput>;
export type MoveRuleInput = z.infer<typeof moveRuleInput>;

/** The operator's (CLI) variants: the account is named; a rule is found by its id. */
export const accountCreateRuleInput = z.strictObject({ account_id: idSchema, ...ruleChange });
export const accountUpdateRuleInput = z.strictObject(ruleUpdate);
export const accountMoveRuleInput = z.strictObject(ruleMove);

export const ruleSchema = z.object({
  id: z.string(),
  /** 1 is evaluated first. */
  position: z.number().int(),
  name: z.string(),
  enabled: z.boolean(),
  conditions: z.array(ruleConditionSchema),
  actions: z.array(ruleActionSchema),
  created_at: timestamp,
  updated_at: timestamp,
});
export type RuleView = z.infer<typeof ruleSchema>;

export const ruleListSchema = z.object({ data: z.array(ruleSchema) });

export const deletedRuleSchema = z.object({ id: z.string(), deleted: z.literal(true) });
