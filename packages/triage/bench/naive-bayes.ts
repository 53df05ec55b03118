import { words } from '../src/learn/sparse.ts';

// The published baseline of issue 11: a multinomial naive Bayes over the words of subject and
// body (Laplace smoothing, equal priors), trained on the same SpamAssassin folders as Drift.

export interface NaiveBayes {
  isSpam(subject: string, body: string): boolean;
}

export function trainNaiveBayes(
  examples: readonly { subject: string; body: string; isSpam: boolean }[],
): NaiveBayes {
  const counts = [new Map<string, number>(), new Map<string, number>()];
  const totals = [0, 0];
  const vocabulary = new Set<string>();
  for (const e of examples) {
    const side = e.isSpam ? 1 : 0;
    for (const w of words(`${e.subject} ${e.body}`)) {
      const map = counts[side] as Map<string, number>;
      map.set(w, (map.get(w) ?? 0) + 1);
      totals[side] = (totals[side] ?? 0) + 1;
      vocabulary.add(w);
    }
  }
  const logLikelihood = (side: 0 | 1, w: string) =>
    Math.log(((counts[side]?.get(w) ?? 0) + 1) / ((totals[side] ?? 0) + vocabulary.size));
  return {
    isSpam(subject, body) {
      let odds = 0;
      for (const w of words(`${subject} ${body}`)) {
        if (vocabulary.has(w)) odds += logLikelihood(1, w) - logLikelihood(0, w);
      }
      return odds > 0;
    },
  };
}
