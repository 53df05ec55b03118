import type { Category, LearnedTriageResult, OwnCategory } from './types.ts';

// What a new message does to the messages before it in its thread: settling makes them all
// `resolved`, re-opening gives each its own category back. Shared by capture and the benchmark so
// both move threads the same way.

export interface ThreadMember {
  category: Category;
  urgencyScore: number;
  ownCategory: OwnCategory;
  ownUrgencyScore: number;
}

/**
 * The score an earlier message keeps once its thread is settled: it moves into the `resolved`
 * band but keeps its rank (what was urgent stays above what was only informative).
 */
export function resolvedUrgencyScore(previousScore: number): number {
  if (previousScore >= 8) return 2;
  if (previousScore >= 4) return 1;
  return 0;
}

/** The new labels of the earlier messages, or null when the message leaves them as they are. */
export function relabelThread<T extends ThreadMember>(
  result: Pick<LearnedTriageResult, 'settlesThread' | 'reopensThread'>,
  earlier: readonly T[],
): Array<Pick<ThreadMember, 'category' | 'urgencyScore'>> | null {
  if (result.settlesThread) {
    return earlier.map((m) => ({
      category: 'resolved',
      urgencyScore: resolvedUrgencyScore(m.ownUrgencyScore),
    }));
  }
  if (result.reopensThread) {
    return earlier.map((m) => ({ category: m.ownCategory, urgencyScore: m.ownUrgencyScore }));
  }
  return null;
}
