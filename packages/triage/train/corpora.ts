import { readFile } from 'node:fs/promises';
import { fnv1a } from '../src/learn/sparse.ts';
import type { Category, TriageSettings } from '../src/types.ts';

// The labelled corpora (LABELS.md), each one OOO session in arrival order, and the fixed split
// that keeps a fifth of the threads out of every training run that is judged on them.

export interface LabelledRecord {
  id: string;
  thread: string;
  raw: string;
  category: Category;
  urgency: [number, number];
  auto_reply: boolean;
  why: string;
  /** extra.jsonl only: settings that differ from the corpus mailbox's for this message. */
  settings?: Partial<TriageSettings>;
}

export interface Corpus {
  name: string;
  records: LabelledRecord[];
}

/** The mailbox every corpus is seen from (LABELS.md). It names no urgent keywords. */
export const CORPUS_SETTINGS: TriageSettings = {
  ownAddresses: ['alex@acme.test', 'alex.morgan@acme.test'],
  vipSenders: ['maria.chen@acme.test', 'ops-oncall@acme.test'],
  urgentKeywords: [],
  timeZone: 'America/Los_Angeles',
};

export const CORPUS_FILES = ['dev', 'extra', 'train-a', 'train-b', 'train-c'] as const;

export async function loadRecords(path: string | URL): Promise<LabelledRecord[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledRecord);
}

export async function loadCorpora(): Promise<Corpus[]> {
  return Promise.all(
    CORPUS_FILES.map(async (name) => ({
      name,
      records: await loadRecords(new URL(`../test-data/${name}.jsonl`, import.meta.url)),
    })),
  );
}

/** A thread's key across corpora: thread names repeat between files. */
export function threadKey(corpus: string, record: LabelledRecord): string {
  return `${corpus}/${record.thread}`;
}

/**
 * The fixed held-out split: a fifth of the threads, chosen by a hash of their name, so whole
 * conversations stay on one side and the split never changes with the code.
 */
export function isHeldOut(key: string): boolean {
  return fnv1a(`held-out:${key}`) % 5 === 0;
}

/** Folds for cross-validation, by thread (a conversation is never split between folds). */
export function foldOf(key: string, folds: number): number {
  return fnv1a(`fold:${key}`) % folds;
}
