import { type TriageOptions, triageMessage } from '../src/classify.ts';
import {
  autoReplyDecision,
  CATEGORIES,
  type Category,
  type PriorMessage,
  ThreadIndex,
  type TriageSettings,
} from '../src/index.ts';
import { relabelThread } from '../src/thread-outcome.ts';
import type { OwnCategory } from '../src/types.ts';
import {
  CORPUS_SETTINGS,
  type Corpus,
  type LabelledRecord,
  loadRecords,
  threadKey,
} from '../train/corpora.ts';
import { type ParsedRecord, parseCorpus } from '../train/examples.ts';
import { fitSpamModel, fitTriageModel, labelledSpamExamples, type SpamExample } from '../train/fit.ts';

export { CORPUS_SETTINGS, type LabelledRecord, loadRecords };

// Replays a labelled corpus through triage the way production sees it: in arrival order, with
// threads rebuilt from headers only, settled threads relabelled (and re-opened ones given their
// own categories back), and auto-replies tracked per sender. Shared by `bench/triage.ts` and
// `test/accuracy.test.ts`.

export interface Prediction {
  id: string;
  /** The labelled thread across corpora (`corpus/thread`): what folds and the held-out split group by. */
  key: string;
  expected: LabelledRecord;
  category: Category;
  urgencyScore: number;
  ownCategory: OwnCategory;
  ownUrgencyScore: number;
  autoReply: boolean;
  autoReplyReason: string;
  summary: string;
  deadline: Date | null;
  settlesThread: boolean;
  reopensThread: boolean;
  spam: boolean;
  /** Subject and body, for the per-language lines. */
  text: string;
}

export interface CategoryStats {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationReport {
  total: number;
  accuracy: number;
  macroF1: number;
  urgencyInBand: number;
  autoReplyAccuracy: number;
  /** Messages auto-replied that the labels say must not be: the costly direction. */
  wrongAutoReplies: number;
  perCategory: Record<Category, CategoryStats>;
  /** confusion[expected][predicted] */
  confusion: Record<Category, Record<Category, number>>;
  predictions: Prediction[];
  misclassified: Prediction[];
  urgencyMisses: Prediction[];
  autoReplyMisses: Prediction[];
}

interface Seen {
  index: number;
  messageId: string | null;
  prior: PriorMessage;
}

/** Replays one parsed corpus (one OOO session, arrival order) with the given models. */
export function replay(records: readonly ParsedRecord[], options: TriageOptions = {}): Prediction[] {
  const threads = new ThreadIndex();
  const seen: Seen[] = [];
  const predictions: Prediction[] = [];
  const answered = new Set<string>();

  for (const [index, r] of records.entries()) {
    const { message, settings, receivedAt, record } = r;
    const key = threads.add(message) ?? `no-id:${record.id}`;
    const earlier = seen.filter((s) => s.messageId !== null && threads.threadOf(s.messageId) === key);
    const result = triageMessage(
      message,
      settings,
      earlier.map((s) => s.prior),
      receivedAt,
      options,
    );
    const earlierPredictions = earlier.flatMap((s) => predictions[s.index] ?? []);
    const relabelled = relabelThread(result, earlierPredictions);
    relabelled?.forEach((label, i) => {
      const p = earlierPredictions[i];
      const s = earlier[i];
      if (!p || !s) return;
      p.category = label.category;
      p.urgencyScore = label.urgencyScore;
      s.prior.category = label.category;
    });

    const from = message.from?.address ?? '';
    const decision = autoReplyDecision(message, result.category, settings, answered.has(from), result);
    if (decision.send) answered.add(from);

    predictions.push({
      id: record.id,
      key: r.key,
      expected: record,
      category: result.category,
      urgencyScore: result.urgencyScore,
      ownCategory: result.ownCategory,
      ownUrgencyScore: result.ownUrgencyScore,
      autoReply: decision.send,
      autoReplyReason: result.spam ? `spam (${result.spam.source})` : decision.reason,
      summary: result.summary,
      deadline: result.deadline,
      settlesThread: result.settlesThread,
      reopensThread: result.reopensThread,
      spam: result.spam !== null,
      text: `${message.subject}\n${message.text}`,
    });
    seen.push({
      index,
      messageId: message.messageId,
      prior: {
        messageId: message.messageId ?? `no-id:${record.id}`,
        fromAddress: from.toLowerCase(),
        category: result.category,
        ownCategory: result.ownCategory,
        receivedAt,
        subject: message.subject,
        text: message.text,
      },
    });
  }
  return predictions;
}

/**
 * Predictions on mail the models never saw: fits the spam model (the SpamAssassin training
 * folders plus the threads `train` admits) and the triage models on those threads, replays every
 * corpus with them, and keeps the predictions of the threads `judge` admits.
 */
export function judgeUnseen(
  corpora: readonly ParsedRecord[][],
  spamAssassin: readonly SpamExample[],
  train: (key: string) => boolean,
  judge: (key: string) => boolean,
): Prediction[] {
  const spamModel = fitSpamModel([...spamAssassin, ...labelledSpamExamples(corpora, train)]);
  const model = fitTriageModel(corpora, spamModel, train);
  return corpora.flatMap((records) => replay(records, { model, spamModel }).filter((p) => judge(p.key)));
}

/** Parses and replays records as one corpus (tests, one-off files). */
export async function runCorpus(
  records: LabelledRecord[],
  options: TriageOptions & { settings?: TriageSettings; name?: string } = {},
): Promise<Prediction[]> {
  const corpus: Corpus = { name: options.name ?? 'inline', records };
  const parsed = await parseCorpus(corpus);
  const settings = options.settings;
  return replay(
    settings ? parsed.map((r) => ({ ...r, settings: { ...settings, ...r.record.settings } })) : parsed,
    options,
  );
}

export { threadKey };

function emptyMatrix(): Record<Category, Record<Category, number>> {
  const m = {} as Record<Category, Record<Category, number>>;
  for (const a of CATEGORIES) {
    m[a] = {} as Record<Category, number>;
    for (const b of CATEGORIES) m[a][b] = 0;
  }
  return m;
}

export function score(predictions: Prediction[]): EvaluationReport {
  const confusion = emptyMatrix();
  for (const p of predictions) confusion[p.expected.category][p.category]++;
  const perCategory = {} as Record<Category, CategoryStats>;
  const f1s: number[] = [];
  for (const c of CATEGORIES) {
    const tp = confusion[c][c];
    const predicted = CATEGORIES.reduce((n, e) => n + confusion[e][c], 0);
    const support = CATEGORIES.reduce((n, p) => n + confusion[c][p], 0);
    const precision = predicted === 0 ? (support === 0 ? 1 : 0) : tp / predicted;
    const recall = support === 0 ? 1 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perCategory[c] = { precision, recall, f1, support };
    // Categories absent from the corpus would only inflate the macro average.
    if (support > 0 || predicted > 0) f1s.push(f1);
  }
  const total = predictions.length;
  const misclassified = predictions.filter((p) => p.category !== p.expected.category);
  const urgencyMisses = predictions.filter(
    (p) => p.urgencyScore < p.expected.urgency[0] || p.urgencyScore > p.expected.urgency[1],
  );
  const autoReplyMisses = predictions.filter((p) => p.autoReply !== p.expected.auto_reply);
  const wrongAutoReplies = autoReplyMisses.filter((p) => p.autoReply).length;
  const rate = (n: number) => (total === 0 ? 0 : n / total);
  return {
    total,
    accuracy: rate(total - misclassified.length),
    macroF1: f1s.length === 0 ? 0 : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    urgencyInBand: rate(total - urgencyMisses.length),
    autoReplyAccuracy: rate(total - autoReplyMisses.length),
    wrongAutoReplies,
    perCategory,
    confusion,
    predictions,
    misclassified,
    urgencyMisses,
    autoReplyMisses,
  };
}

const SHORT: Record<Category, string> = {
  urgent: 'urg',
  action_required: 'act',
  fyi: 'fyi',
  newsletter: 'news',
  promotional: 'promo',
  resolved: 'res',
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(
  title: string,
  r: EvaluationReport,
  options: { summaries?: boolean } = {},
): string {
  const lines: string[] = [];
  lines.push(`== ${title}: ${r.total} messages`);
  lines.push(`category accuracy      ${r.accuracy.toFixed(3)}`);
  lines.push(`macro-F1               ${r.macroF1.toFixed(3)}`);
  lines.push(`urgency in band        ${r.urgencyInBand.toFixed(3)}`);
  lines.push(
    `auto-reply agreement   ${r.autoReplyAccuracy.toFixed(3)} (wrong auto-replies: ${r.wrongAutoReplies})`,
  );
  lines.push('');
  lines.push('confusion (rows expected, columns predicted)');
  lines.push(`${''.padEnd(17)}${CATEGORIES.map((c) => SHORT[c].padStart(7)).join('')}`);
  for (const e of CATEGORIES) {
    lines.push(`${e.padEnd(17)}${CATEGORIES.map((p) => String(r.confusion[e][p]).padStart(7)).join('')}`);
  }
  lines.push('');
  lines.push(
    `${'category'.padEnd(17)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F1'.padStart(8)}${'support'.padStart(9)}`,
  );
  for (const c of CATEGORIES) {
    const s = r.perCategory[c];
    lines.push(
      `${c.padEnd(17)}${pct(s.precision).padStart(10)}${pct(s.recall).padStart(10)}${s.f1.toFixed(3).padStart(8)}${String(s.support).padStart(9)}`,
    );
  }
  lines.push('');
  lines.push(`misclassified (${r.misclassified.length})`);
  for (const p of r.misclassified)
    lines.push(`  ${p.id.padEnd(10)} predicted ${p.category.padEnd(16)} expected ${p.expected.category}`);
  lines.push(`urgency out of band (${r.urgencyMisses.length})`);
  for (const p of r.urgencyMisses) {
    lines.push(
      `  ${p.id.padEnd(10)} score ${p.urgencyScore} (${p.category}) expected [${p.expected.urgency.join(', ')}] (${p.expected.category})`,
    );
  }
  lines.push(`auto-reply mismatches (${r.autoReplyMisses.length})`);
  for (const p of r.autoReplyMisses) {
    lines.push(
      `  ${p.id.padEnd(10)} predicted ${p.autoReply} (${p.autoReplyReason}) expected ${p.expected.auto_reply}`,
    );
  }
  if (options.summaries) {
    lines.push('');
    lines.push('summaries');
    for (const p of r.predictions)
      lines.push(`  ${p.id.padEnd(10)} [${SHORT[p.category]} ${p.urgencyScore}] ${p.summary}`);
  }
  return lines.join('\n');
}
