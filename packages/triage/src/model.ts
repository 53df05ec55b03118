import { readFileSync } from 'node:fs';
import { type LinearModel, restoreModel, type StoredLinearModel } from './learn/linear-model.ts';

// The trained models triage runs on, and the versioned files they are kept in
// (`model/*.json`, written by `pnpm triage:train`).

export const MODEL_FORMAT = 1;

/** What was learned from the labelled corpora: category, settling, urgency. */
export interface TriageModel {
  version: string;
  /** Softmax over OWN_CATEGORIES. */
  category: LinearModel;
  /** Logistic: this message settles its thread's open request. */
  settle: LinearModel;
  /** Least squares: the urgency score within the category. */
  urgency: LinearModel;
}

/** The content spam model (SpamAssassin public corpus) and the probability from which it calls spam. */
export interface SpamModel {
  version: string;
  model: LinearModel;
  threshold: number;
}

/** The stored form; `trainedOn` says what data made it, so a retrain on the same data can be checked. */
export interface StoredTriageModel {
  format: number;
  version: string;
  trainedOn: { records: number; checksum: string };
  category: StoredLinearModel;
  settle: StoredLinearModel;
  urgency: StoredLinearModel;
}

export interface StoredSpamModel {
  format: number;
  version: string;
  trainedOn: { spam: number; ham: number; folders: string[]; checksum: string };
  threshold: number;
  model: StoredLinearModel;
}

export const TRIAGE_MODEL_FILE = new URL('../model/triage-model.json', import.meta.url);
export const SPAM_MODEL_FILE = new URL('../model/spam-model.json', import.meta.url);

function readStored<T extends { format: number }>(file: URL): T {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as T;
  if (stored.format !== MODEL_FORMAT) {
    throw new Error(
      `${file.pathname} has model format ${stored.format}, this code reads ${MODEL_FORMAT}: run \`pnpm triage:train\`.`,
    );
  }
  return stored;
}

export function restoreTriageModel(stored: StoredTriageModel): TriageModel {
  return {
    version: stored.version,
    category: restoreModel(stored.category),
    settle: restoreModel(stored.settle),
    urgency: restoreModel(stored.urgency),
  };
}

export function restoreSpamModel(stored: StoredSpamModel): SpamModel {
  return { version: stored.version, model: restoreModel(stored.model), threshold: stored.threshold };
}

let triageModel: TriageModel | undefined;
let spamModel: SpamModel | undefined;

/** The committed triage model, read once on first use. */
export function defaultTriageModel(): TriageModel {
  triageModel ??= restoreTriageModel(readStored<StoredTriageModel>(TRIAGE_MODEL_FILE));
  return triageModel;
}

/** The committed spam model, read once on first use. */
export function defaultSpamModel(): SpamModel {
  spamModel ??= restoreSpamModel(readStored<StoredSpamModel>(SPAM_MODEL_FILE));
  return spamModel;
}
