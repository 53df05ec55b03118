import { NAME_MAX_LENGTH } from '@drift/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useAccount } from '../account.tsx';
import { href } from '../router.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';
import { useAnnounce } from './announcer.tsx';
import { ALL_CATEGORIES, CATEGORY_WORD, type Category, isCategory, messagesText } from './mail-words.ts';
import { ErrorNotice } from './ui.tsx';

type Correction = RouterOutputs['mail']['correct'];
type RuleOffer = Correction['rule_offer'];

/** What the kept correction says of the sender so far: how often, and what is still elsewhere. */
export function ruleOfferText(offer: RuleOffer): string {
  const corrections =
    offer.corrections > 1 ? ` You have corrected ${messagesText(offer.corrections)} from them this way.` : '';
  const others =
    offer.other_messages > 0
      ? ` ${offer.other_messages === 1 ? '1 other message' : `${offer.other_messages} other messages`} from them ${offer.other_messages === 1 ? 'is' : 'are'} still elsewhere.`
      : '';
  return `Kept.${corrections}${others}`;
}

/** The rule a correction offers, as its button says it. */
export const ruleOfferLabel = (offer: Pick<RuleOffer, 'sender' | 'category'>) =>
  `Always treat mail from ${offer.sender} as ${CATEGORY_WORD[offer.category]}`;

/** The name the offered rule is saved under (names are at most NAME_MAX_LENGTH characters). */
export const offeredRuleName = (offer: Pick<RuleOffer, 'sender' | 'category'>) =>
  `${CATEGORY_WORD[offer.category]}: mail from ${offer.sender}`.slice(0, NAME_MAX_LENGTH);

/**
 * "Always do this for this sender", after a correction: one press makes it a rule (Team Growth);
 * on Free the offer says why there is no button.
 */
function RuleOfferNote({ offer }: { offer: RuleOffer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const { plan } = useAccount().account;
  const create = useMutation(
    trpc.rules.create.mutationOptions({
      onSuccess: (rule) => {
        announce(
          `Rule “${rule.name}” added: new mail from ${offer.sender} goes to ${CATEGORY_WORD[offer.category]}.`,
        );
        void queryClient.invalidateQueries({ queryKey: trpc.rules.list.queryKey() });
      },
    }),
  );
  const label = ruleOfferLabel(offer);
  if (create.isSuccess) {
    return (
      <p className="rule-offer">
        {`Rule “${create.data.name}” added: new mail from ${offer.sender} goes to ${CATEGORY_WORD[offer.category]}.`}{' '}
        <a href={href('/rules')}>See your rules</a>
      </p>
    );
  }
  return (
    <div className="rule-offer">
      <p>{ruleOfferText(offer)}</p>
      {plan === 'team_growth' ? (
        <div className="rule-offer-actions">
          <button
            type="button"
            disabled={create.isPending}
            onClick={() =>
              create.mutate({
                name: offeredRuleName(offer),
                enabled: true,
                conditions: [{ field: 'from_address', value: offer.sender }],
                actions: [{ type: 'set_category', category: offer.category }],
              })
            }
          >
            {create.isPending ? 'Adding the rule…' : label}
          </button>
        </div>
      ) : (
        <p className="hint">{`“${label}” would be a custom rule, and custom rules need the Team Growth plan; this account is on Free.`}</p>
      )}
      {create.isError && <ErrorNotice error={create.error} />}
    </div>
  );
}

/**
 * The owner's say on a message's category: a choice of the six and Save. Everything that counts
 * or lists mail (the list, the message, sessions' stats, playbooks) is asked again at once.
 */
export function CategoryCorrection({
  emailId,
  category,
  subject,
  compact = false,
}: {
  emailId: string;
  category: Category;
  /** Names the control where several sit on one page (the playbook). */
  subject?: string;
  compact?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const selectId = useId();
  const [chosen, setChosen] = useState<Category>(category);
  const [offer, setOffer] = useState<RuleOffer | null>(null);
  // The message read again (after this correction or another) says what its category is now.
  useEffect(() => setChosen(category), [category]);
  // What the message was just before this correction (corrected_from is what triage had said).
  const previous = useRef<Category>(category);
  const correct = useMutation(
    trpc.mail.correct.mutationOptions({
      onSuccess: (result) => {
        setOffer(result.rule_offer);
        announce(
          `Moved to ${CATEGORY_WORD[result.email.category]} (was ${CATEGORY_WORD[previous.current]}).`,
        );
        for (const queryKey of [
          trpc.mail.pathKey(),
          trpc.emails.pathKey(),
          trpc.sessions.pathKey(),
          trpc.playbooks.pathKey(),
        ]) {
          void queryClient.invalidateQueries({ queryKey });
        }
      },
    }),
  );
  const unchanged = chosen === category;
  const save = (next: Category) => {
    previous.current = category;
    correct.mutate({ id: emailId, category: next });
  };
  const feedback = (
    <>
      {correct.isError && <ErrorNotice error={correct.error} />}
      <div aria-live="polite">
        {offer && !correct.isError && (
          <RuleOfferNote key={`${offer.sender}|${offer.category}|${offer.corrections}`} offer={offer} />
        )}
      </div>
    </>
  );

  // In a list (the playbook) one press moves the message: the announcement says what was done.
  if (compact) {
    return (
      <div className="category-correction compact">
        <fieldset className="category-buttons" disabled={correct.isPending}>
          <legend>Move{subject !== undefined && <> “{subject || '(no subject)'}”</>} to</legend>
          {ALL_CATEGORIES.filter((value) => value !== category).map((value) => (
            <button key={value} type="button" onClick={() => save(value)}>
              {CATEGORY_WORD[value]}
            </button>
          ))}
        </fieldset>
        {feedback}
      </div>
    );
  }

  return (
    <div className="category-correction">
      <form
        className="category-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!unchanged) save(chosen);
        }}
      >
        <label htmlFor={selectId}>
          Category
          {subject !== undefined && (
            <>
              {' '}
              <span className="visually-hidden">of “{subject || '(no subject)'}”</span>
            </>
          )}
        </label>
        <select
          id={selectId}
          value={chosen}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isCategory(value)) setChosen(value);
          }}
        >
          {ALL_CATEGORIES.map((value) => (
            <option key={value} value={value}>
              {CATEGORY_WORD[value]}
            </option>
          ))}
        </select>
        <button type="submit" className="button-primary" disabled={unchanged || correct.isPending}>
          {correct.isPending ? 'Saving…' : 'Save category'}
        </button>
      </form>
      {feedback}
    </div>
  );
}
