import { emptyModel, type LinearModel, scores, sigmoid, softmax } from './linear-model.ts';
import type { SparseVector } from './sparse.ts';

// Deterministic training of the linear models: AdaGrad over examples in an order drawn from a
// seeded generator, L2 penalty on the weights a step touches. Same examples, same options, same
// weights, bit for bit (no clock, no Math.random, no parallelism).

export interface TrainOptions {
  buckets: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty per example step. */
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'buckets'> = {
  epochs: 30,
  learningRate: 0.3,
  l2: 1e-5,
  seed: 20261206,
};

/** mulberry32: a small seeded generator, so the example order (and any bench's data) is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffledOrder(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}

/**
 * The shared loop: `gradient` returns d(loss)/d(score) per output for one example under the
 * current model; the step applies it to the example's buckets and the biases.
 */
function fit(
  xs: readonly SparseVector[],
  outputs: number,
  options: TrainOptions,
  sampleWeight: (i: number) => number,
  gradient: (model: LinearModel, x: SparseVector, i: number) => Float64Array,
): LinearModel {
  const model = emptyModel(outputs, options.buckets);
  const accumulated = new Float32Array(outputs * options.buckets);
  const biasAccumulated = new Float64Array(outputs);
  const random = seededRandom(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const i of shuffledOrder(xs.length, random)) {
      const x = xs[i];
      if (!x) continue;
      const g = gradient(model, x, i);
      const w = sampleWeight(i);
      for (let k = 0; k < outputs; k++) {
        const gk = (g[k] ?? 0) * w;
        const row = k * options.buckets;
        for (let j = 0; j < x.indices.length; j++) {
          const at = row + (x.indices[j] ?? 0);
          const current = model.weights[at] ?? 0;
          const step = gk * (x.values[j] ?? 0) + options.l2 * current;
          const acc = (accumulated[at] ?? 0) + step * step;
          accumulated[at] = acc;
          if (acc > 0) model.weights[at] = current - (options.learningRate * step) / Math.sqrt(acc);
        }
        const bacc = (biasAccumulated[k] ?? 0) + gk * gk;
        biasAccumulated[k] = bacc;
        if (bacc > 0) model.bias[k] = (model.bias[k] ?? 0) - (options.learningRate * gk) / Math.sqrt(bacc);
      }
    }
  }
  return model;
}

/** Weights that give every class the same total weight (classes of different sizes count alike). */
function balancedWeights(labels: readonly number[], classes: number): (i: number) => number {
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y] = (counts[y] ?? 0) + 1;
  const present = counts.filter((c) => c > 0).length;
  return (i) => {
    const c = counts[labels[i] ?? 0] ?? 1;
    return labels.length / (present * c);
  };
}

/** Multinomial logistic regression: `labels[i]` is the class index of `xs[i]`. */
export function trainSoftmax(
  xs: readonly SparseVector[],
  labels: readonly number[],
  classes: number,
  options: TrainOptions,
): LinearModel {
  return fit(xs, classes, options, balancedWeights(labels, classes), (model, x, i) => {
    const p = softmax(scores(model, x));
    p[labels[i] ?? 0] = (p[labels[i] ?? 0] ?? 0) - 1;
    return p;
  });
}

/** Binary logistic regression: `labels[i]` is true for "yes". */
export function trainLogistic(
  xs: readonly SparseVector[],
  labels: readonly boolean[],
  options: TrainOptions,
): LinearModel {
  const indexLabels = labels.map((y) => (y ? 1 : 0));
  return fit(xs, 1, options, balancedWeights(indexLabels, 2), (model, x, i) => {
    const p = sigmoid(scores(model, x)[0] ?? 0);
    return Float64Array.of(p - (indexLabels[i] ?? 0));
  });
}

/** Least squares: `targets[i]` is the number to predict for `xs[i]`. */
export function trainLeastSquares(
  xs: readonly SparseVector[],
  targets: readonly number[],
  options: TrainOptions,
): LinearModel {
  return fit(
    xs,
    1,
    options,
    () => 1,
    (model, x, i) => Float64Array.of((scores(model, x)[0] ?? 0) - (targets[i] ?? 0)),
  );
}
