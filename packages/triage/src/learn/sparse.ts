// Hashed sparse feature vectors: every feature is a name hashed into a fixed number of buckets,
// so the model needs no vocabulary and a word it never saw costs nothing.

export interface SparseVector {
  /** Bucket indices, unique and ascending. */
  indices: Uint32Array;
  values: Float32Array;
}

/** FNV-1a (32 bit) over the UTF-16 code units: fast, stable across platforms and runs. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Collects named features with weights, summing repeats, and hashes them into `buckets`. */
export class FeatureBag {
  private readonly weights = new Map<number, number>();

  constructor(private readonly buckets: number) {}

  add(name: string, value = 1): void {
    const index = fnv1a(name) % this.buckets;
    this.weights.set(index, (this.weights.get(index) ?? 0) + value);
  }

  /** Adds every name with the same total weight `total`, split evenly (a document's text counts once). */
  addNormalised(names: readonly string[], total = 1): void {
    if (names.length === 0) return;
    const each = total / Math.sqrt(names.length);
    for (const name of names) this.add(name, each);
  }

  toVector(): SparseVector {
    const indices = Uint32Array.from([...this.weights.keys()].sort((a, b) => a - b));
    const values = Float32Array.from(indices, (i) => this.weights.get(i) ?? 0);
    return { indices, values };
  }
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;
/** Scripts written without spaces between words: character bigrams stand in for words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** Lower-cased words in order, NFKC-normalised so full-width and composed forms meet. */
export function words(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).map((w) => w.replace(/’/g, "'"));
}

/**
 * Text features that carry across languages: words, word bigrams and character 3-5-grams of each
 * word (so "urgent", "urgente" and "urgentemente" share most of their features), and character
 * bigrams for scripts without spaces. `prefix` keeps fields (subject, body) apart.
 */
export function textFeatureNames(text: string, prefix: string): string[] {
  const names: string[] = [];
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] ?? '';
    if (/^\d+$/.test(w)) {
      names.push(`${prefix}#num${Math.min(w.length, 5)}`);
      continue;
    }
    names.push(`${prefix}w:${w}`);
    const next = ws[i + 1];
    if (next !== undefined) names.push(`${prefix}b:${w} ${/^\d+$/.test(next) ? '#' : next}`);
    if (UNSPACED.test(w)) {
      for (let j = 0; j + 2 <= w.length; j++) names.push(`${prefix}u:${w.slice(j, j + 2)}`);
      continue;
    }
    const padded = ` ${w} `;
    for (let n = 3; n <= 5; n++) {
      for (let j = 0; j + n <= padded.length; j++) names.push(`${prefix}c:${padded.slice(j, j + n)}`);
    }
  }
  return names;
}
