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

// Stored as little-endian float32 in base64: compact, exact, and readable by any platform.

export interface StoredLinearModel {
  outputs: number;
  buckets: number;
  bias: number[];
  /** base64 of the float32 weights, only the non-zero buckets: `indices` lists them. */
  indices: string;
  weights: string;
}

function toBase64(array: Uint32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64<T extends Uint32Array | Float32Array>(text: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

/** Keeps the buckets where any output has a weight (features seen in training). */
export function storeModel(model: LinearModel): StoredLinearModel {
  const used: number[] = [];
  for (let b = 0; b < model.buckets; b++) {
    for (let k = 0; k < model.outputs; k++) {
      if (model.weights[k * model.buckets + b] !== 0) {
        used.push(b);
        break;
      }
    }
  }
  const packed = new Float32Array(used.length * model.outputs);
  used.forEach((b, i) => {
    for (let k = 0; k < model.outputs; k++) {
      packed[i * model.outputs + k] = model.weights[k * model.buckets + b] ?? 0;
    }
  });
  return {
    outputs: model.outputs,
    buckets: model.buckets,
    bias: [...model.bias],
    indices: toBase64(Uint32Array.from(used)),
    weights: toBase64(packed),
  };
}

export function restoreModel(stored: StoredLinearModel): LinearModel {
  const model = emptyModel(stored.outputs, stored.buckets);
  model.bias.set(stored.bias);
  const indices = fromBase64(stored.indices, (b) => new Uint32Array(b));
  const packed = fromBase64(stored.weights, (b) => new Float32Array(b));
  if (packed.length !== indices.length * stored.outputs) {
    throw new Error('The stored model is damaged: its weights do not match its indices.');
  }
  indices.forEach((b, i) => {
    for (let k = 0; k < stored.outputs; k++) {
      model.weights[k * stored.buckets + b] = packed[i * stored.outputs + k] ?? 0;
    }
  });
  return model;
}
