import {
  accountCreateRuleInput,
  accountMoveRuleInput,
  EMAIL_CATEGORIES,
  type RuleAction,
  type RuleCondition,
  type RuleView,
} from '@drift/contract';
import { type CommandDefinition, checked, positional, required, UsageError } from './command.ts';
import { table } from './output.ts';

// `pnpm drift rules …`: an account's custom rules (Team Growth), in the order they are evaluated.

/** Each condition flag and the field it matches; `--header` takes `Name: value`. */
const CONDITION_FLAGS = {
  from: 'from_address',
  'from-domain': 'from_domain',
  subject: 'subject',
  body: 'body',
  'list-id': 'list_id',
  header: 'header',
} as const satisfies Record<string, RuleCondition['field']>;

const ACTION_SWITCHES = {
  'never-auto-reply': 'never_auto_reply',
  escalate: 'escalate',
  vip: 'mark_vip',
} as const satisfies Record<string, RuleAction['type']>;

function conditionsOf(flags: Record<string, string | undefined>): RuleCondition[] {
  return Object.entries(CONDITION_FLAGS).flatMap(([flag, field]): RuleCondition[] => {
    const value = flags[flag];
    if (value === undefined) return [];
    if (field !== 'header') return [{ field, value }];
    const colon = value.indexOf(':');
    if (colon < 1) throw new UsageError('--header takes "Name: value", e.g. --header "X-Priority: 1"');
    return [{ field, name: value.slice(0, colon).trim(), value: value.slice(colon + 1).trim() }];
  });
}

function actionsOf(
  flags: Record<string, string | undefined>,
  switches: Record<string, boolean | undefined>,
): RuleAction[] {
  const actions: RuleAction[] = [];
  const category = flags.category;
  if (category !== undefined) {
    if (!(EMAIL_CATEGORIES as readonly string[]).includes(category))
      throw new UsageError(`--category must be one of: ${EMAIL_CATEGORIES.join(', ')}`);
    actions.push({ type: 'set_category', category: category as (typeof EMAIL_CATEGORIES)[number] });
  }
  const urgency = flags['min-urgency'];
  if (urgency !== undefined) {
    if (!/^\d+$/.test(urgency)) throw new UsageError('--min-urgency must be a whole number from 0 to 10');
    actions.push({ type: 'min_urgency', value: Number(urgency) });
  }
  for (const [flag, type] of Object.entries(ACTION_SWITCHES)) if (switches[flag]) actions.push({ type });
  return actions;
}

function positionOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError('--position must be a whole number from 1');
  return Number(value);
}

export function describeCondition(condition: RuleCondition): string {
  if (condition.field === 'header') return `header ${condition.name} contains “${condition.value}”`;
  if (condition.field === 'from_address') return `from ${condition.value}`;
  if (condition.field === 'from_domain') return `from *@${condition.value} (or a subdomain)`;
  return `${condition.field.replace('_', '-')} contains “${condition.value}”`;
}

export function describeAction(action: RuleAction): string {
  switch (action.type) {
    case 'set_category':
      return `category ${action.category}`;
    case 'min_urgency':
      return `urgency at least ${action.value}`;
    case 'never_auto_reply':
      return 'never auto-reply';
    case 'escalate':
      return 'escalate';
    case 'mark_vip':
      return 'treat as VIP';
  }
}

function rulesTable(rules: RuleView[]): string {
  if (rules.length === 0) return 'No rules.';
  return table([
    ['#', 'ID', 'NAME', 'STATE', 'IF (ALL)', 'THEN'],
    ...rules.map((rule) => [
      String(rule.position),
      rule.id,
      rule.name,
      rule.enabled ? 'on' : 'off',
      rule.conditions.map(describeCondition).join(' and '),
      rule.actions.map(describeAction).join(', '),
    ]),
  ]);
}

export const RULE_COMMANDS: Record<string, CommandDefinition> = {
  'rules list': {
    usage: 'rules list ACCOUNT_ID [--json]',
    flags: [],
    async run(client, invocation, output) {
      const rules = await client.rules.admin.list.query({ account_id: positional(invocation, 'ACCOUNT_ID') });
      output.result(rules, rulesTable(rules.data));
    },
  },
  'rules add': {
    usage:
      'rules add ACCOUNT_ID --name NAME [--from a@x] [--from-domain x.com] [--subject TEXT] [--body TEXT] [--list-id TEXT] [--header "Name: value"] [--category CATEGORY] [--min-urgency 0-10] [--never-auto-reply] [--escalate] [--vip] [--position N] [--disabled] [--json]',
    flags: ['name', 'position', 'category', 'min-urgency', ...Object.keys(CONDITION_FLAGS)],
    switches: [...Object.keys(ACTION_SWITCHES), 'disabled'],
    async run(client, invocation, output) {
      const { flags, switches } = invocation;
      const conditions = conditionsOf(flags);
      if (conditions.length === 0)
        throw new UsageError(
          'give at least one condition: --from, --from-domain, --subject, --body, --list-id or --header',
        );
      const actions = actionsOf(flags, switches);
      if (actions.length === 0)
        throw new UsageError(
          'give at least one action: --category, --min-urgency, --never-auto-reply, --escalate or --vip',
        );
      const position = positionOf(flags.position);
      const rule = await client.rules.admin.create.mutate(
        checked(accountCreateRuleInput, {
          account_id: positional(invocation, 'ACCOUNT_ID'),
          name: required(invocation, 'name'),
          enabled: !switches.disabled,
          conditions,
          actions,
          ...(position !== undefined && { position }),
        }),
      );
      output.result(
        rule,
        `Added rule ${rule.id} “${rule.name}” at position ${rule.position}${rule.enabled ? '' : ' (disabled)'}: if ${rule.conditions.map(describeCondition).join(' and ')}, then ${rule.actions.map(describeAction).join(', ')}.`,
      );
    },
  },
  'rules remove': {
    usage: 'rules remove RULE_ID [--json]',
    flags: [],
    async run(client, invocation, output) {
      const removed = await client.rules.admin.remove.mutate({ id: positional(invocation, 'RULE_ID') });
      output.result(removed, `Removed rule ${removed.id}; the rules after it moved up.`);
    },
  },
  'rules move': {
    usage: 'rules move RULE_ID --position N [--json]',
    flags: ['position'],
    async run(client, invocation, output) {
      const id = positional(invocation, 'RULE_ID');
      const rules = await client.rules.admin.move.mutate(
        checked(accountMoveRuleInput, {
          id,
          position: positionOf(required(invocation, 'position')) as number,
        }),
      );
      const moved = rules.data.find((rule) => rule.id === id);
      output.result(
        rules,
        `Moved rule ${id} to position ${moved?.position ?? '?'}.\n${rulesTable(rules.data)}`,
      );
    },
  },
};
