import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { type RouterOutputs, useTRPC } from '../trpc.ts';
import { useAnnounce } from './announcer.tsx';
import { ALL_CATEGORIES, CATEGORY_WORD, type Category, isCategory, messagesText } from './mail-words.ts';
import { ErrorNotice } from './ui.tsx';

type Correction = RouterOutputs['mail']['correct'];
type RuleOffer = Correction['rule_offer'];

/**
 * What a kept correction means for the sender. Custom rules do not exist yet, so the offer is
 * said as what it is: remembered, not applied.
 */
export function ruleOfferText(offer: RuleOffer): string {
  const word = CATEGORY_WORD[offer.category];
  const corrections =
    offer.corrections > 1 ? ` You have corrected ${messagesText(offer.corrections)} from them this way.` : '';
  const others =
    offer.other_messages > 0
      ? ` ${offer.other_messages === 1 ? '1 other message' : `${offer.other_messages} other messages`} from them ${offer.other_messages === 1 ? 'is' : 'are'} still elsewhere.`
      : '';
  return `Kept. Drift will offer “Always treat mail from ${offer.sender} as ${word}” as a rule when custom rules arrive.${corrections}${others}`;
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
        {offer && !correct.isError && <p className="rule-offer">{ruleOfferText(offer)}</p>}
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
