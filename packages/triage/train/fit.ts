import { createHash } from 'node:crypto';
import { type LinearModel, predictProbability, restoreModel, storeModel } from '../src/learn/linear-model.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  type TrainOptions,
  trainLeastSquares,
  trainLogistic,
  trainSoftmax,
} from '../src/learn/trainer.ts';
import { FEATURE_BUCKETS } from '../src/message-features.ts';
import type { SpamModel, TriageModel } from '../src/model.ts';
import { SPAM_BUCKETS, spamFeatures } from '../src/spam.ts';
import { CATEGORIES, type Category, OWN_CATEGORIES, URGENCY_BANDS } from '../src/types.ts';
import { buildExamples, emptyExamples, type ParsedRecord } from './examples.ts';
import type { SpamCorpusMessage } from './spam-corpus.ts';

// Fitting the models from data. Used by `pnpm triage:train` (all data, written to model/) and by
// the benchmark (one fit per cross-validation fold, never written).

/**
 * A model as it will be shipped: through the stored form's int8 quantisation. Every fitted model
 * is used in this form, so the benchmark judges, and the triage model trains on the spam
 * probabilities of, exactly what production loads.
 */
function shipped(model: LinearModel): LinearModel {
  return restoreModel(storeModel(model));
}

/**
 * The triage models' training options. The learning rate was chosen by 5-fold cross-validation
 * over the labelled corpora (0.3, 0.1, 0.05, 0.03; 0.05 scored best on urgency in band at equal
 * accuracy); the held-out split played no part.
 */
export const TRIAGE_TRAIN_OPTIONS: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  learningRate: 0.05,
  buckets: FEATURE_BUCKETS,
};

/** Threads `include` admits, from every corpus, train the three triage models. */
export function fitTriageModel(
  corpora: readonly (readonly ParsedRecord[])[],
  spamModel: SpamModel,
  include: (key: string) => boolean = () => true,
  version = 'unsaved',
  trainOptions: Partial<TrainOptions> = {},
): TriageModel {
  const examples = emptyExamples();
  for (const records of corpora) buildExamples(records, spamModel, include, examples);
  const options = { ...TRIAGE_TRAIN_OPTIONS, ...trainOptions };
  const urgencyBase = categoryMeans(examples.urgency.y, examples.urgency.category);
  const residuals = examples.urgency.y.map((y, i) => y - urgencyBase[examples.urgency.category[i] ?? 'fyi']);
  return {
    version,
    category: shipped(trainSoftmax(examples.category.x, examples.category.y, OWN_CATEGORIES.length, options)),
    settle: shipped(trainLogistic(examples.settle.x, examples.settle.y, options)),
    person: shipped(trainLogistic(examples.person.x, examples.person.y, options)),
    urgencyBase,
    urgency: shipped(trainLeastSquares(examples.urgency.x, residuals, options)),
  };
}

/**
 * The mean labelled score of each category (the band's middle where none was seen). The urgency
 * model learns only the offset from it: a regression over all categories at once pulls every
 * score toward the overall mean (urgent mail to 8, newsletters to 2).
 */
function categoryMeans(ys: readonly number[], categories: readonly Category[]): Record<Category, number> {
  const means = {} as Record<Category, number>;
  for (const category of CATEGORIES) {
    const own = ys.filter((_, i) => categories[i] === category);
    const [lo, hi] = URGENCY_BANDS[category];
    means[category] = own.length === 0 ? (lo + hi) / 2 : own.reduce((a, b) => a + b, 0) / own.length;
  }
  return means;
}

const SPAM_OPTIONS = { ...DEFAULT_TRAIN_OPTIONS, epochs: 12, buckets: SPAM_BUCKETS };
/** The most ham the threshold may call spam in cross-validation on the training folders. */
const MAX_HAM_FALSE_POSITIVES = 0.005;
const SPAM_FOLDS = 5;

/** What the spam model learns from: a message and whether it is spam (or unwanted bulk). */
export type SpamExample = Pick<SpamCorpusMessage, 'message' | 'isSpam'>;

/**
 * The labelled corpora as spam examples: modern work and personal mail is the ham the
 * SpamAssassin folders (2002 mailing lists) lack; `promotional` is the mail nobody asked for.
 */
export function labelledSpamExamples(
  corpora: readonly (readonly ParsedRecord[])[],
  include: (key: string) => boolean,
): SpamExample[] {
  return corpora.flatMap((records) =>
    records
      .filter((r) => include(r.key))
      .map((r) => ({ message: r.message, isSpam: r.record.category === 'promotional' })),
  );
}

function fitSpamWeights(messages: readonly SpamExample[]) {
  const xs = messages.map((m) => spamFeatures(m.message.subject, m.message.text));
  return trainLogistic(
    xs,
    messages.map((m) => m.isSpam),
    SPAM_OPTIONS,
  );
}

/**
 * Fits the content spam model (SpamAssassin training folders plus the labelled corpora) and picks
 * its threshold on the same data: the lowest probability at which, cross-validated, at most 0.5%
 * of ham is called spam. The SpamAssassin evaluation folders play no part.
 */
export function fitSpamModel(messages: readonly SpamExample[], version = 'unsaved'): SpamModel {
  const hamScores: number[] = [];
  for (let fold = 0; fold < SPAM_FOLDS; fold++) {
    const inFold = (_: SpamExample, i: number) => i % SPAM_FOLDS === fold;
    const model = fitSpamWeights(messages.filter((m, i) => !inFold(m, i)));
    for (const [i, m] of messages.entries()) {
      if (inFold(m, i) && !m.isSpam) {
        hamScores.push(predictProbability(model, spamFeatures(m.message.subject, m.message.text)));
      }
    }
  }
  hamScores.sort((a, b) => b - a);
  const allowed = Math.floor(hamScores.length * MAX_HAM_FALSE_POSITIVES);
  const threshold = Math.max(0.5, Math.min(0.99, (hamScores[allowed] ?? 0.5) + 1e-6));
  return { version, model: shipped(fitSpamWeights(messages)), threshold };
}

/** A short, stable digest of the training data: the same data always gives the same version. */
export function checksumOf(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}
