import { parseMessage } from '@drift/mail';
import { autoReplyDecision } from '../src/auto-reply.ts';
import { spamProbability } from '../src/classify.ts';
import type { SparseVector } from '../src/learn/sparse.ts';
import {
  messageFeatureNames,
  messageVector,
  senderVector,
  threadState,
  urgencyVector,
} from '../src/message-features.ts';
import type { SpamModel } from '../src/model.ts';
import { computeSignals } from '../src/signals.ts';
import {
  type Category,
  OWN_CATEGORIES,
  type OwnCategory,
  ownAddressSet,
  type PriorMessage,
  type TriageMessage,
  type TriageSettings,
} from '../src/types.ts';
import { CORPUS_SETTINGS, type Corpus, type LabelledRecord, threadKey } from './corpora.ts';

// Turns labelled corpora into training examples for the three models. Each corpus is replayed in
// arrival order; the thread a message sees is built from the labels (teacher forcing), the way
// it will be built from triage's own answers in production.
//
// The labels give each message its final category. A settled thread labels every message
// `resolved`, which hides what each one was on its own; so, by the guide: the thread's first
// message opened a request (its own category is unknown: it trains nothing), its last message
// settled it (a statement: `fyi`, and the positive example of settling), and the ones between
// are context only.

export interface ParsedRecord {
  corpus: string;
  key: string;
  record: LabelledRecord;
  message: TriageMessage;
  settings: TriageSettings;
  receivedAt: Date;
}

export interface TrainingExamples {
  category: { x: SparseVector[]; y: number[] };
  settle: { x: SparseVector[]; y: boolean[] };
  urgency: { x: SparseVector[]; y: number[]; category: Category[] };
  /** Wrote by a person (the auto-reply may go), for mail the RFC 3834 rules let through. */
  person: { x: SparseVector[]; y: boolean[] };
}

/** Parses a corpus once; `receivedAt` is the Date header, or the previous message's time. */
export async function parseCorpus(corpus: Corpus): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  let last = new Date(0);
  for (const record of corpus.records) {
    const message = await parseMessage(record.raw);
    last = message.date ?? last;
    out.push({
      corpus: corpus.name,
      key: threadKey(corpus.name, record),
      record,
      message,
      settings: record.settings ? { ...CORPUS_SETTINGS, ...record.settings } : CORPUS_SETTINGS,
      receivedAt: last,
    });
  }
  return out;
}

type Role = { own: OwnCategory; trainsCategory: boolean; settles: boolean | null };

/** What each message of a thread teaches, from the thread's labels (see the header comment). */
function roles(thread: readonly ParsedRecord[]): Role[] {
  const resolved = thread.length >= 2 && thread.every((r) => r.record.category === 'resolved');
  return thread.map((r, i) => {
    if (resolved) {
      if (i === 0) return { own: 'action_required', trainsCategory: false, settles: null };
      if (i === thread.length - 1) return { own: 'fyi', trainsCategory: true, settles: true };
      return { own: 'fyi', trainsCategory: false, settles: null };
    }
    // A lone `resolved` label (nothing before it in the corpus) reads as information.
    const own = r.record.category === 'resolved' ? 'fyi' : r.record.category;
    return { own, trainsCategory: true, settles: i === 0 ? null : false };
  });
}

const midpoint = (range: [number, number]) => (range[0] + range[1]) / 2;

/** Examples from `records` (one corpus, arrival order); `include` picks the threads that train. */
export function buildExamples(
  records: readonly ParsedRecord[],
  spamModel: SpamModel,
  include: (key: string) => boolean,
  into: TrainingExamples = emptyExamples(),
): TrainingExamples {
  const threads = new Map<string, ParsedRecord[]>();
  for (const r of records) {
    if (!include(r.key)) continue;
    threads.set(r.key, [...(threads.get(r.key) ?? []), r]);
  }
  for (const thread of threads.values()) {
    const threadRoles = roles(thread);
    const prior: PriorMessage[] = [];
    thread.forEach((r, i) => {
      const role = threadRoles[i] as Role;
      const signals = computeSignals(r.message, { receivedAt: r.receivedAt, settings: r.settings });
      const state = threadState(prior, signals.fromAddress, ownAddressSet(r.settings));
      const names = messageFeatureNames(signals, state, spamProbability(r.message, spamModel));
      const x = messageVector(names);
      if (role.trainsCategory) {
        into.category.x.push(x);
        into.category.y.push(OWN_CATEGORIES.indexOf(role.own));
      }
      if (role.settles !== null) {
        into.settle.x.push(x);
        into.settle.y.push(role.settles);
      }
      if (r.record.category !== 'resolved') {
        into.urgency.x.push(urgencyVector(names, r.record.category, signals));
        into.urgency.y.push(midpoint(r.record.urgency));
        into.urgency.category.push(r.record.category);
      }
      prior.push({
        messageId: r.message.messageId ?? r.record.id,
        fromAddress: signals.fromAddress,
        category: role.own,
        ownCategory: role.own,
        receivedAt: r.receivedAt,
        subject: r.message.subject,
        text: r.message.text,
      });
    });
  }
  personExamples(records, include, into);
  return into;
}

/**
 * The labels say whether the auto-reply went out. Where the RFC 3834 rules and the category let
 * it and the sender was not answered before, the label says whether a person wrote the message.
 */
function personExamples(
  records: readonly ParsedRecord[],
  include: (key: string) => boolean,
  into: TrainingExamples,
): void {
  const answered = new Set<string>();
  for (const r of records) {
    const from = r.message.from?.address.toLowerCase() ?? '';
    const open =
      !answered.has(from) && autoReplyDecision(r.message, r.record.category, r.settings, false).send;
    if (r.record.auto_reply) answered.add(from);
    if (!open || !include(r.key)) continue;
    const signals = computeSignals(r.message, { receivedAt: r.receivedAt, settings: r.settings });
    into.person.x.push(senderVector(r.message, signals));
    into.person.y.push(r.record.auto_reply);
  }
}

export function emptyExamples(): TrainingExamples {
  return {
    category: { x: [], y: [] },
    settle: { x: [], y: [] },
    urgency: { x: [], y: [], category: [] },
    person: { x: [], y: [] },
  };
}
