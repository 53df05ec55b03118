import { readFileSync } from 'node:fs';
import { type LinearModel, restoreModel, type StoredLinearModel } from './learn/linear-model.ts';
import type { Category } from './types.ts';

// The trained models triage runs on, and the versioned files they are kept in
// (`model/*.json`, written by `pnpm triage:train`).

export const MODEL_FORMAT = 2;

/** What was learned from the labelled corpora: category, settling, urgency. */
export interface TriageModel {
  version: string;
  /** Softmax over OWN_CATEGORIES. */
  category: LinearModel;
  /** Logistic: this message settles its thread's open request. */
  settle: LinearModel;
  /** Logistic: a person wrote the message (the auto-reply goes to people only). */
  person: LinearModel;
  /** The mean labelled score of each category; the urgency model predicts the offset from it. */
  urgencyBase: Record<Category, number>;
  /** Least squares: the urgency score's offset from its category's mean. */
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
  person: StoredLinearModel;
  urgencyBase: Record<Category, number>;
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
    person: restoreModel(stored.person),
    urgencyBase: stored.urgencyBase,
    urgency: restoreModel(stored.urgency),
  };
}

export function restoreSpamModel(stored: StoredSpamModel): SpamModel {
  return { version: stored.version, model: restoreModel(stored.model), threshold: stored.threshold };
}

/** Reads and restores a triage model file (the committed one unless told). */
export function readTriageModel(file: URL = TRIAGE_MODEL_FILE): TriageModel {
  return restoreTriageModel(readStored<StoredTriageModel>(file));
}

/** Reads and restores a spam model file (the committed one unless told). */
export function readSpamModel(file: URL = SPAM_MODEL_FILE): SpamModel {
  return restoreSpamModel(readStored<StoredSpamModel>(file));
}

let triageModel: TriageModel | undefined;
let spamModel: SpamModel | undefined;

/** The committed triage model, read once on first use. */
export function defaultTriageModel(): TriageModel {
  triageModel ??= readTriageModel();
  return triageModel;
}

/** The committed spam model, read once on first use. */
export function defaultSpamModel(): SpamModel {
  spamModel ??= readSpamModel();
  return spamModel;
}
