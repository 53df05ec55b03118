import type { RuleAction, RuleCondition } from '@drift/contract';
import type { EmailCategory } from '@drift/db';

// Which of an account's rules match a message, and what they ask for, in rule order. Pure: capture
// loads the rules once per batch and asks this for each message.

/** A rule as evaluated: enabled ones only, in their order, values normalised (see validation.ts). */
export interface EvaluatedRule {
  id: string;
  name: string;
  conditions: RuleCondition[];
  actions: RuleAction[];
}

export interface RuleRef {
  id: string;
  name: string;
}

/** What rules read of a message: structurally the parsed message (headers keyed lower-case). */
export interface RuleMessage {
  from: { address: string } | null;
  subject: string;
  text: string;
  headers: Record<string, string[]>;
}

export interface RuleOutcome {
  /** Every matching rule, in order. */
  matched: RuleRef[];
  /** The first matching rule that sets a category wins. */
  category: { rule: RuleRef; category: EmailCategory } | null;
  /** Every matching rule that raises the urgency, in order. */
  minUrgency: { rule: RuleRef; value: number }[];
  /** The first matching rule of each flag. */
  neverAutoReply: RuleRef | null;
  escalate: RuleRef | null;
  markVip: RuleRef | null;
}

export const NO_RULE_OUTCOME: RuleOutcome = Object.freeze({
  matched: [],
  category: null,
  minUrgency: [],
  neverAutoReply: null,
  escalate: null,
  markVip: null,
});

const contains = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

function headerContains(message: RuleMessage, name: string, value: string): boolean {
  return (message.headers[name.toLowerCase()] ?? []).some((header) => contains(header, value));
}

export function conditionMatches(condition: RuleCondition, message: RuleMessage): boolean {
  const sender = message.from?.address.trim().toLowerCase() ?? '';
  const value = condition.value;
  switch (condition.field) {
    case 'from_address':
      return sender !== '' && sender === value.toLowerCase();
    case 'from_domain': {
      if (!sender.includes('@')) return false;
      const domain = domainOf(sender);
      const wanted = value.toLowerCase();
      return domain === wanted || domain.endsWith(`.${wanted}`);
    }
    case 'subject':
      return contains(message.subject, value);
    case 'body':
      return contains(message.text, value);
    case 'list_id':
      return headerContains(message, 'list-id', value);
    case 'header':
      return condition.name !== undefined && headerContains(message, condition.name, value);
  }
}

/** A rule matches when every one of its conditions does. */
export function ruleMatches(rule: Pick<EvaluatedRule, 'conditions'>, message: RuleMessage): boolean {
  return rule.conditions.length > 0 && rule.conditions.every((c) => conditionMatches(c, message));
}

/** The rules that match, in order, and what they ask for together. */
export function matchRules(rules: readonly EvaluatedRule[], message: RuleMessage): RuleOutcome {
  const outcome: RuleOutcome = { ...NO_RULE_OUTCOME, matched: [], minUrgency: [] };
  for (const rule of rules) {
    if (!ruleMatches(rule, message)) continue;
    const ref = { id: rule.id, name: rule.name };
    outcome.matched.push(ref);
    for (const action of rule.actions) {
      switch (action.type) {
        case 'set_category':
          outcome.category ??= { rule: ref, category: action.category };
          break;
        case 'min_urgency':
          outcome.minUrgency.push({ rule: ref, value: action.value });
          break;
        case 'never_auto_reply':
          outcome.neverAutoReply ??= ref;
          break;
        case 'escalate':
          outcome.escalate ??= ref;
          break;
        case 'mark_vip':
          outcome.markVip ??= ref;
          break;
      }
    }
  }
  return outcome;
}
