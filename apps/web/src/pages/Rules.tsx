import type { RuleAction, RuleCondition } from '@drift/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useAccount, useTitle } from '../account.tsx';
import { useAnnounce } from '../components/announcer.tsx';
import { ALL_CATEGORIES, CATEGORY_WORD, type Category, isCategory } from '../components/mail-words.ts';
import { PageHead } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ConfirmAction, Empty, ErrorNotice, PlanBadge } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type RuleItem = RouterOutputs['rules']['list']['data'][number];
type Field = RuleCondition['field'];

/** Each condition's field as the owner reads it. */
export const FIELD_WORD: Record<Field, string> = {
  from_address: 'Sender address is',
  from_domain: 'Sender domain is (or a subdomain of)',
  subject: 'Subject contains',
  body: 'Body contains',
  list_id: 'List-Id contains',
  header: 'Header contains',
};
const FIELDS = Object.keys(FIELD_WORD) as Field[];

export function conditionText(condition: RuleCondition): string {
  if (condition.field === 'header') return `Header ${condition.name} contains “${condition.value}”`;
  if (condition.field === 'from_address') return `Sender is ${condition.value}`;
  if (condition.field === 'from_domain') return `Sender's domain is ${condition.value} (or a subdomain)`;
  return `${FIELD_WORD[condition.field]} “${condition.value}”`;
}

export function actionText(action: RuleAction): string {
  switch (action.type) {
    case 'set_category':
      return `Put it in ${CATEGORY_WORD[action.category]}`;
    case 'min_urgency':
      return `Raise its urgency to at least ${action.value}`;
    case 'never_auto_reply':
      return 'Never send it an auto-reply';
    case 'escalate':
      return 'Escalate it to my backup contact';
    case 'mark_vip':
      return 'Treat the sender as a VIP';
  }
}

function useRulesRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.rules.list.queryKey() });
}

function RuleRow({ rule, index, count }: { rule: RuleItem; index: number; count: number }) {
  const trpc = useTRPC();
  const announce = useAnnounce();
  const refresh = useRulesRefresh();
  const failed = (what: string) => (error: unknown) => announce(`${what}: ${errorMessage(error)}`, 'error');
  const onSettled = () => void refresh();
  const move = useMutation(trpc.rules.move.mutationOptions({ onSettled, onError: failed('Not moved') }));
  const update = useMutation(
    trpc.rules.update.mutationOptions({ onSettled, onError: failed('Not changed') }),
  );
  const remove = useMutation(
    trpc.rules.remove.mutationOptions({
      onSettled,
      onError: failed('Not deleted'),
      onSuccess: () => announce(`Rule “${rule.name}” deleted.`),
    }),
  );
  const busy = move.isPending || update.isPending || remove.isPending;
  const moveTo = (position: number) =>
    move.mutate(
      { id: rule.id, position },
      { onSuccess: () => announce(`Rule “${rule.name}” is now number ${position}.`) },
    );
  return (
    <li className={`card rule-card${rule.enabled ? '' : ' rule-off'}`} data-rule-id={rule.id}>
      <div className="card-head">
        <h3 className="card-title">
          <span className="rule-position">{index + 1}.</span> {rule.name}
        </h3>
        <span className={`badge ${rule.enabled ? 'badge-active' : 'badge-cancelled'}`}>
          {rule.enabled ? 'On' : 'Off'}
        </span>
      </div>
      <div className="rule-logic">
        <p className="rule-label">When all of these match:</p>
        <ul className="rule-list">
          {rule.conditions.map((condition, i) => (
            <li key={i}>{conditionText(condition)}</li>
          ))}
        </ul>
        <p className="rule-label">Then:</p>
        <ul className="rule-list">
          {rule.actions.map((action) => (
            <li key={action.type}>{actionText(action)}</li>
          ))}
        </ul>
      </div>
      <div className="actions">
        <button
          type="button"
          disabled={busy || index === 0}
          aria-label={`Move “${rule.name}” up`}
          onClick={() => moveTo(index)}
        >
          ↑ Up
        </button>
        <button
          type="button"
          disabled={busy || index === count - 1}
          aria-label={`Move “${rule.name}” down`}
          onClick={() => moveTo(index + 2)}
        >
          ↓ Down
        </button>
        <button
          type="button"
          disabled={busy}
          aria-label={`${rule.enabled ? 'Turn off' : 'Turn on'} “${rule.name}”`}
          onClick={() =>
            update.mutate(
              { id: rule.id, enabled: !rule.enabled },
              {
                onSuccess: (saved) => announce(`Rule “${saved.name}” is ${saved.enabled ? 'on' : 'off'}.`),
              },
            )
          }
        >
          {rule.enabled ? 'Turn off' : 'Turn on'}
        </button>
        <ConfirmAction
          label={`Delete “${rule.name}”`}
          question={`Delete the rule “${rule.name}”? Mail already sorted stays as it is.`}
          confirmLabel="Yes, delete it"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: rule.id })}
        />
      </div>
    </li>
  );
}

interface DraftCondition {
  key: number;
  field: Field;
  name: string;
  value: string;
}

const ACTION_CHOICES = [
  { type: 'set_category', label: 'Put it in a category' },
  { type: 'min_urgency', label: 'Raise its urgency to at least' },
  { type: 'never_auto_reply', label: 'Never send it an auto-reply' },
  { type: 'escalate', label: 'Escalate it to my backup contact' },
  { type: 'mark_vip', label: 'Treat the sender as a VIP' },
] as const;
type ActionType = (typeof ACTION_CHOICES)[number]['type'];

/** The new rule's form: a name, conditions that must all match, and what to do then. */
export function RuleForm() {
  const trpc = useTRPC();
  const announce = useAnnounce();
  const refresh = useRulesRefresh();
  const formId = useId();
  const nextKey = useRef(1);
  const [name, setName] = useState('');
  const [conditions, setConditions] = useState<DraftCondition[]>([
    { key: 0, field: 'from_address', name: '', value: '' },
  ]);
  const [chosen, setChosen] = useState<Set<ActionType>>(new Set());
  const [category, setCategory] = useState<Category>('urgent');
  const [urgency, setUrgency] = useState('8');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation(trpc.rules.create.mutationOptions({ onSettled: () => void refresh() }));

  const change = (key: number, patch: Partial<DraftCondition>) =>
    setConditions((all) => all.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const toggle = (type: ActionType, on: boolean) =>
    setChosen((all) => {
      const next = new Set(all);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const actions: RuleAction[] = ACTION_CHOICES.filter((choice) => chosen.has(choice.type)).map(
      ({ type }): RuleAction =>
        type === 'set_category'
          ? { type, category }
          : type === 'min_urgency'
            ? { type, value: Number(urgency) }
            : { type },
    );
    if (!name.trim()) return setProblem('Give the rule a name.');
    if (conditions.some((c) => !c.value.trim() || (c.field === 'header' && !c.name.trim())))
      return setProblem('Fill in every condition, or remove the empty ones.');
    if (actions.length === 0) return setProblem('Choose at least one thing for the rule to do.');
    setProblem(null);
    create.mutate(
      {
        name: name.trim(),
        enabled: true,
        conditions: conditions.map(({ field, name: header, value }) =>
          field === 'header'
            ? { field, name: header.trim(), value: value.trim() }
            : { field, value: value.trim() },
        ),
        actions,
      },
      {
        onSuccess: (rule) => {
          announce(`Rule “${rule.name}” added as number ${rule.position}.`);
          setName('');
          setConditions([{ key: nextKey.current++, field: 'from_address', name: '', value: '' }]);
          setChosen(new Set());
        },
      },
    );
  };

  return (
    <form className="rule-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>New rule</h2>
      <div className="field">
        <label htmlFor={`${formId}-name`}>Name</label>
        <input
          id={`${formId}-name`}
          value={name}
          maxLength={200}
          placeholder="VIP clients"
          onChange={(event) => setName(event.currentTarget.value)}
        />
      </div>
      <fieldset className="rule-conditions">
        <legend>When all of these match</legend>
        {conditions.map((condition, i) => (
          <div className="rule-condition" key={condition.key}>
            <select
              aria-label={`Condition ${i + 1}: what to look at`}
              value={condition.field}
              onChange={(event) => change(condition.key, { field: event.currentTarget.value as Field })}
            >
              {FIELDS.map((field) => (
                <option key={field} value={field}>
                  {FIELD_WORD[field]}
                </option>
              ))}
            </select>
            {condition.field === 'header' && (
              <input
                aria-label={`Condition ${i + 1}: header name`}
                placeholder="X-Priority"
                value={condition.name}
                onChange={(event) => change(condition.key, { name: event.currentTarget.value })}
              />
            )}
            <input
              aria-label={`Condition ${i + 1}: value`}
              value={condition.value}
              placeholder={condition.field === 'from_domain' ? 'example.com' : ''}
              onChange={(event) => change(condition.key, { value: event.currentTarget.value })}
            />
            {conditions.length > 1 && (
              <button
                type="button"
                className="link-button"
                aria-label={`Remove condition ${i + 1}`}
                onClick={() => setConditions((all) => all.filter((c) => c.key !== condition.key))}
              >
                Remove
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setConditions((all) => [
              ...all,
              { key: nextKey.current++, field: 'subject', name: '', value: '' },
            ])
          }
        >
          Add a condition
        </button>
      </fieldset>
      <fieldset className="rule-actions">
        <legend>Then</legend>
        {ACTION_CHOICES.map((choice) => (
          <div className="rule-action" key={choice.type}>
            <label>
              <input
                type="checkbox"
                checked={chosen.has(choice.type)}
                onChange={(event) => toggle(choice.type, event.currentTarget.checked)}
              />{' '}
              {choice.label}
            </label>
            {choice.type === 'set_category' && chosen.has('set_category') && (
              <select
                aria-label="Category"
                value={category}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  if (isCategory(value)) setCategory(value);
                }}
              >
                {ALL_CATEGORIES.map((value) => (
                  <option key={value} value={value}>
                    {CATEGORY_WORD[value]}
                  </option>
                ))}
              </select>
            )}
            {choice.type === 'min_urgency' && chosen.has('min_urgency') && (
              <input
                type="number"
                aria-label="Lowest urgency"
                min={0}
                max={10}
                value={urgency}
                onChange={(event) => setUrgency(event.currentTarget.value)}
              />
            )}
          </div>
        ))}
        <p className="hint">
          The urgency stays within the category's range (Urgent 8–10, Action required 4–7, FYI 1–4, others 0–3
          or 0–2). Rules never make Drift answer mailing lists, robots or automatic mail.
        </p>
      </fieldset>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {create.isError && <ErrorNotice error={create.error} />}
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {create.isPending ? 'Adding…' : 'Add rule'}
      </button>
    </form>
  );
}

export function RulesPage() {
  useTitle('Rules');
  const trpc = useTRPC();
  const me = useAccount();
  const hasRules = me.account.plan === 'team_growth';
  const list = useQuery({ ...trpc.rules.list.queryOptions(), enabled: hasRules });

  return (
    <section aria-labelledby="rules-title">
      <PageHead id="rules-title" title="Rules">
        <PlanBadge plan={me.account.plan} />
      </PageHead>
      <p className="hint">
        Rules sort mail your way: the first matching rule that sets a category wins, every matching rule can
        raise the urgency, stop the auto-reply, escalate or mark the sender a VIP. They run in this order, on
        mail captured from now on.
      </p>
      {!hasRules ? (
        <div className="card plan-gate" data-testid="plan-gate">
          <h2>Custom rules need the Team Growth plan</h2>
          <p>
            This account is on the <strong>Free</strong> plan, which does not include custom rules. Upgrade
            the account to Team Growth to create them; until then Drift sorts mail with its own triage, your
            VIP senders and urgent keywords.
          </p>
        </div>
      ) : (
        <>
          <QueryView
            query={list}
            loading="Loading rules…"
            isEmpty={(rules) => rules.data.length === 0}
            empty={<Empty title="No rules yet." />}
          >
            {({ data }) => (
              <ol className="cards rule-cards" aria-label="Rules, in the order they run">
                {data.map((rule, index) => (
                  <RuleRow key={rule.id} rule={rule} index={index} count={data.length} />
                ))}
              </ol>
            )}
          </QueryView>
          <div className="card">
            <RuleForm />
          </div>
        </>
      )}
    </section>
  );
}
