import { resolvedUrgencyScore } from './classify.ts';
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
