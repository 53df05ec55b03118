import type { SparseVector } from './sparse.ts';

// Linear models over hashed sparse features: softmax (several classes), logistic (yes/no) and
// least squares (a number). Prediction is here; training is in trainer.ts.

export interface LinearModel {
  /** One output per class (softmax), or a single output (logistic, least squares). */
  outputs: number;
  buckets: number;
  /** Row-major: weights[output * buckets + bucket]. */
  weights: Float32Array;
  bias: Float32Array;
}

export function emptyModel(outputs: number, buckets: number): LinearModel {
  return {
    outputs,
    buckets,
    weights: new Float32Array(outputs * buckets),
    bias: new Float32Array(outputs),
  };
}

/** Raw scores, one per output. */
export function scores(model: LinearModel, x: SparseVector): Float64Array {
  const out = Float64Array.from(model.bias);
  for (let k = 0; k < model.outputs; k++) {
    const row = k * model.buckets;
    let s = out[k] ?? 0;
    for (let j = 0; j < x.indices.length; j++) {
      s += (model.weights[row + (x.indices[j] ?? 0)] ?? 0) * (x.values[j] ?? 0);
    }
    out[k] = s;
  }
  return out;
}

export function softmax(values: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) max = Math.max(max, v);
  const out = values.map((v) => Math.exp(v - max));
  let sum = 0;
  for (const v of out) sum += v;
  return out.map((v) => v / sum);
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Class probabilities of a softmax model. */
export function predictProbabilities(model: LinearModel, x: SparseVector): Float64Array {
  return softmax(scores(model, x));
}

/** Probability of "yes" of a logistic model. */
export function predictProbability(model: LinearModel, x: SparseVector): number {
  return sigmoid(scores(model, x)[0] ?? 0);
}

/** The value of a least-squares model. */
export function predictValue(model: LinearModel, x: SparseVector): number {
  return scores(model, x)[0] ?? 0;
}

// Stored small: each output's weights quantised to int8 against that output's largest weight (a
// weight under 1/254 of it rounds to zero and its bucket is dropped), bucket indices as varint
// gaps. The quantisation error of a bucket is at most 1/254 of the largest weight; the benchmark
// judges models after this round trip, so its figures are those of the stored form.

export interface StoredLinearModel {
  outputs: number;
  buckets: number;
  bias: number[];
  /** Per output: the weight an int8 step of 1 stands for. */
  scales: number[];
  /** base64 of the kept buckets' indices, each as the LEB128 varint gap from the previous one. */
  indices: string;
  /** base64 of int8 weights, `outputs` per kept bucket, in bucket order. */
  weights: string;
}

function encodeGaps(indices: readonly number[]): Buffer {
  const bytes: number[] = [];
  let previous = 0;
  for (const index of indices) {
    let gap = index - previous;
    previous = index;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    bytes.push(gap);
  }
  return Buffer.from(bytes);
}

function decodeGaps(bytes: Buffer): number[] {
  const indices: number[] = [];
  let previous = 0;
  let gap = 0;
  let shift = 0;
  for (const byte of bytes) {
    gap |= (byte & 0x7f) << shift;
    if (byte & 0x80) {
      shift += 7;
      continue;
    }
    previous += gap;
    indices.push(previous);
    gap = 0;
    shift = 0;
  }
  return indices;
}

export function storeModel(model: LinearModel): StoredLinearModel {
  const scales: number[] = [];
  for (let k = 0; k < model.outputs; k++) {
    let max = 0;
    for (let b = 0; b < model.buckets; b++)
      max = Math.max(max, Math.abs(model.weights[k * model.buckets + b] ?? 0));
    scales.push(max === 0 ? 1 : max / 127);
  }
  const kept: number[] = [];
  const quantised: number[] = [];
  for (let b = 0; b < model.buckets; b++) {
    const row = scales.map((scale, k) => Math.round((model.weights[k * model.buckets + b] ?? 0) / scale));
    if (row.every((q) => q === 0)) continue;
    kept.push(b);
    quantised.push(...row);
  }
  return {
    outputs: model.outputs,
    buckets: model.buckets,
    bias: [...model.bias],
    scales,
    indices: encodeGaps(kept).toString('base64'),
    weights: Buffer.from(Int8Array.from(quantised).buffer).toString('base64'),
  };
}

export function restoreModel(stored: StoredLinearModel): LinearModel {
  const model = emptyModel(stored.outputs, stored.buckets);
  model.bias.set(stored.bias);
  const indices = decodeGaps(Buffer.from(stored.indices, 'base64'));
  const bytes = Buffer.from(stored.weights, 'base64');
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (weights.length !== indices.length * stored.outputs || stored.scales.length !== stored.outputs) {
    throw new Error('The stored model is damaged: its weights do not match its indices.');
  }
  indices.forEach((b, i) => {
    if (b >= stored.buckets) throw new Error('The stored model is damaged: a bucket is out of range.');
    for (let k = 0; k < stored.outputs; k++) {
      model.weights[k * stored.buckets + b] =
        (weights[i * stored.outputs + k] ?? 0) * (stored.scales[k] ?? 0);
    }
  });
  return model;
}
