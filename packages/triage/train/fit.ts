import { createHash } from 'node:crypto';
import { predictProbability } from '../src/learn/linear-model.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  trainLeastSquares,
  trainLogistic,
  trainSoftmax,
} from '../src/learn/trainer.ts';
import { FEATURE_BUCKETS } from '../src/message-features.ts';
import type { SpamModel, TriageModel } from '../src/model.ts';
import { SPAM_BUCKETS, spamFeatures } from '../src/spam.ts';
import { OWN_CATEGORIES } from '../src/types.ts';
import { buildExamples, emptyExamples, type ParsedRecord } from './examples.ts';
import type { SpamCorpusMessage } from './spam-corpus.ts';

// Fitting the models from data. Used by `pnpm triage:train` (all data, written to model/) and by
// the benchmark (one fit per cross-validation fold, never written).

/** Threads `include` admits, from every corpus, train the three triage models. */
export function fitTriageModel(
  corpora: readonly (readonly ParsedRecord[])[],
  spamModel: SpamModel,
  include: (key: string) => boolean = () => true,
  version = 'unsaved',
): TriageModel {
  const examples = emptyExamples();
  for (const records of corpora) buildExamples(records, spamModel, include, examples);
  const options = { ...DEFAULT_TRAIN_OPTIONS, buckets: FEATURE_BUCKETS };
  return {
    version,
    category: trainSoftmax(examples.category.x, examples.category.y, OWN_CATEGORIES.length, options),
    settle: trainLogistic(examples.settle.x, examples.settle.y, options),
    urgency: trainLeastSquares(examples.urgency.x, examples.urgency.y, options),
  };
}

const SPAM_OPTIONS = { ...DEFAULT_TRAIN_OPTIONS, epochs: 12, buckets: SPAM_BUCKETS };
/** The most ham the threshold may call spam in cross-validation on the training folders. */
const MAX_HAM_FALSE_POSITIVES = 0.005;
const SPAM_FOLDS = 5;

function fitSpamWeights(messages: readonly SpamCorpusMessage[]) {
  const xs = messages.map((m) => spamFeatures(m.message.subject, m.message.text));
  return trainLogistic(
    xs,
    messages.map((m) => m.isSpam),
    SPAM_OPTIONS,
  );
}

/**
 * Fits the content spam model on the training folders and picks its threshold there too: the
 * lowest probability at which, cross-validated over those folders, at most 0.5% of ham is called
 * spam. The evaluation folders play no part.
 */
export function fitSpamModel(messages: readonly SpamCorpusMessage[], version = 'unsaved'): SpamModel {
  const hamScores: number[] = [];
  for (let fold = 0; fold < SPAM_FOLDS; fold++) {
    const inFold = (_: SpamCorpusMessage, i: number) => i % SPAM_FOLDS === fold;
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
  return { version, model: fitSpamWeights(messages), threshold };
}

/** A short, stable digest of the training data: the same data always gives the same version. */
export function checksumOf(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}
