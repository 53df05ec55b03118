import type { EmailCategory } from '@drift/db';
import { type AutoReplyDecision, type LearnedTriageResult, URGENCY_BANDS } from '@drift/triage';
import type { RuleOutcome, RuleRef } from './match.ts';

// What the matching rules do to triage's verdict, and the sentences that say so. Rules come after
// the hard rules: they set the category and raise the urgency over the model, but an auto-reply
// the RFC 3834 rules refused stays refused; a rule can only suppress one.

/** The auto-reply reason stored when a rule stopped a reply triage would have sent. */
export const RULE_AUTO_REPLY_REASON = 'rule';

export const CATEGORY_WORDS: Record<EmailCategory, string> = {
  urgent: 'Urgent',
  action_required: 'Action required',
  fyi: 'FYI',
  newsletter: 'Newsletter',
  promotional: 'Promotional',
  resolved: 'Resolved',
};

const ESCALATES = 'escalates it to your backup contact.';
const ESCALATE_REASON = /^Your rule “[\s\S]*” escalates it to your backup contact\.$/;

const yourRule = (rule: RuleRef) => `Your rule “${rule.name}”`;

/** What one matching rule did, in a sentence; `decided`: it changed the category, urgency or auto-reply. */
export interface RuleEffect {
  rule: RuleRef;
  reason: string;
  decided: boolean;
}

export type RuledTriage = LearnedTriageResult & { ruleEffects: RuleEffect[] };

/** Triage's verdict had no rule marked the sender a VIP (asked for only when a rule did). */
export type VerdictWithoutVip = Pick<LearnedTriageResult, 'category' | 'urgencyScore'>;

/** The score inside the category's band: a rule asking for more than the band allows gets its top. */
function inBand(category: EmailCategory, score: number): number {
  const [lo, hi] = URGENCY_BANDS[category];
  return Math.max(lo, Math.min(hi, score));
}

/**
 * Triage's result with the rules' category and urgency over it. `withoutVip` is triage's verdict
 * had no rule marked the sender a VIP: when it differs, the VIP rule is what changed the message.
 */
export function applyRules(
  triage: LearnedTriageResult,
  outcome: RuleOutcome,
  withoutVip: VerdictWithoutVip | null = null,
): RuledTriage {
  const effects: RuleEffect[] = [];
  let { category, urgencyScore } = triage;
  if (outcome.markVip) {
    effects.push({
      rule: outcome.markVip,
      reason: `${yourRule(outcome.markVip)} treated the sender as a VIP.`,
      decided:
        withoutVip !== null && (withoutVip.category !== category || withoutVip.urgencyScore !== urgencyScore),
    });
  }
  if (outcome.category) {
    const { rule, category: wanted } = outcome.category;
    const word = CATEGORY_WORDS[wanted];
    if (wanted !== category) {
      category = wanted;
      urgencyScore = inBand(wanted, urgencyScore);
      effects.push({ rule, reason: `${yourRule(rule)} set the category to ${word}.`, decided: true });
    } else {
      effects.push({ rule, reason: `${yourRule(rule)} puts it in ${word} too.`, decided: false });
    }
  }
  for (const { rule, value } of outcome.minUrgency) {
    const target = inBand(category, value);
    if (target <= urgencyScore) continue;
    urgencyScore = target;
    const capped =
      target < value
        ? `, the highest ${CATEGORY_WORDS[category]} allows (it asks for at least ${value})`
        : '';
    effects.push({
      rule,
      reason: `${yourRule(rule)} raised the urgency to ${target}${capped}.`,
      decided: true,
    });
  }
  if (outcome.escalate) {
    effects.push({
      rule: outcome.escalate,
      reason: `${yourRule(outcome.escalate)} ${ESCALATES}`,
      decided: false,
    });
  }
  const own = category === 'resolved' ? null : category;
  return {
    ...triage,
    category,
    urgencyScore,
    ownCategory: own ?? triage.ownCategory,
    ownUrgencyScore: own ? urgencyScore : triage.ownUrgencyScore,
    ruleEffects: effects,
  };
}

/** The auto-reply decision once `never_auto_reply` rules have had their say: they only ever suppress. */
export function ruledAutoReply(
  decision: AutoReplyDecision,
  outcome: RuleOutcome,
  effects: RuleEffect[],
): { decision: { send: boolean; reason: string }; effects: RuleEffect[] } {
  const rule = outcome.neverAutoReply;
  if (!rule || !decision.send) return { decision, effects };
  return {
    decision: { send: false, reason: RULE_AUTO_REPLY_REASON },
    effects: [...effects, { rule, reason: `${yourRule(rule)} kept Drift from answering it.`, decided: true }],
  };
}

/**
 * The rule stored on the message (the first, in rule order, that changed something) and the
 * reasons: its sentence first, then what other rules did, then triage's own reasons.
 */
export function ruleVerdict(
  outcome: RuleOutcome,
  effects: RuleEffect[],
  triageReasons: string[],
): { ruleId: string | null; reasons: string[] } {
  if (effects.length === 0) return { ruleId: null, reasons: triageReasons };
  const order = (effect: RuleEffect) => outcome.matched.findIndex((rule) => rule.id === effect.rule.id);
  const sorted = effects
    .map((effect, i) => ({ effect, i }))
    .sort((a, b) => order(a.effect) - order(b.effect) || a.i - b.i);
  const first = sorted.find(({ effect }) => effect.decided)?.effect ?? null;
  const rest = sorted.map(({ effect }) => effect).filter((effect) => effect !== first);
  return {
    ruleId: first?.rule.id ?? null,
    reasons: [...(first ? [first.reason] : []), ...rest.map((effect) => effect.reason), ...triageReasons],
  };
}

/**
 * Whether a rule asked for the message to be escalated to the backup contact, read from its stored
 * reasons (escalation runs after the message is stored).
 */
export function rulesEscalate(email: { triageReasons: readonly string[] }): boolean {
  return email.triageReasons.some((reason) => ESCALATE_REASON.test(reason));
}
