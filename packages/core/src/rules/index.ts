export {
  applyRules,
  CATEGORY_WORDS,
  RULE_AUTO_REPLY_REASON,
  type RuledTriage,
  type RuleEffect,
  ruledAutoReply,
  rulesEscalate,
  ruleVerdict,
} from './apply.ts';
export {
  conditionMatches,
  type EvaluatedRule,
  matchRules,
  NO_RULE_OUTCOME,
  type RuleMessage,
  type RuleOutcome,
  type RuleRef,
  ruleMatches,
} from './match.ts';
export {
  accountOfRule,
  createRule,
  deleteRule,
  evaluatedRule,
  listRules,
  moveRule,
  planHasRules,
  RULE_NOT_FOUND,
  RULES_NEED_TEAM_GROWTH,
  rulesToApply,
  toRuleView,
  updateRule,
} from './rules.ts';
export { validActions, validConditions } from './validation.ts';
