import { describe, expect, it } from 'vitest';
import { buildMessage } from '../build-message.test-util.ts';
import { upstreamSpamVerdict } from '../spam.ts';
import { predictProbabilities, restoreModel, storeModel } from './linear-model.ts';
import { FeatureBag, textFeatureNames } from './sparse.ts';
import { DEFAULT_TRAIN_OPTIONS, trainSoftmax } from './trainer.ts';

function vector(text: string) {
  const bag = new FeatureBag(1 << 12);
  bag.add('bias');
  bag.addNormalised(textFeatureNames(text, 't'));
  return bag.toVector();
}

const TEXTS = ['server down now', 'outage urgent fix', 'weekly digest news', 'newsletter this week'];
const LABELS = [0, 0, 1, 1];
const train = () =>
  trainSoftmax(TEXTS.map(vector), LABELS, 2, { ...DEFAULT_TRAIN_OPTIONS, epochs: 10, buckets: 1 << 12 });

describe('learned models', () => {
  it('retraining on the same data gives the same weights, bit for bit', () => {
    expect(storeModel(train())).toEqual(storeModel(train()));
  });

  it('a stored model restores to the same predictions, within its int8 quantisation', () => {
    const model = train();
    const restored = restoreModel(storeModel(model));
    for (const text of ['is the server down', 'this week in the newsletter', 'lunch?']) {
      const x = vector(text);
      const [original, roundTripped] = [predictProbabilities(model, x), predictProbabilities(restored, x)];
      for (const [k, p] of original.entries()) expect(roundTripped[k]).toBeCloseTo(p, 2);
    }
    expect(predictProbabilities(model, vector('is the server down'))[0]).toBeGreaterThan(0.5);
  });

  it('keeps only the buckets that carry weight, and refuses a damaged file', () => {
    const stored = storeModel(train());
    const restored = restoreModel(stored);
    const used = new Set<number>();
    restored.weights.forEach((w, i) => {
      if (w !== 0) used.add(i % restored.buckets);
    });
    expect(Buffer.from(stored.weights, 'base64').length).toBe(used.size * stored.outputs);
    expect(() => restoreModel({ ...stored, weights: Buffer.from([1, 2, 3]).toString('base64') })).toThrow(
      /damaged/,
    );
  });

  it('shares character n-grams across inflections ("urgent" and "urgente")', () => {
    const a = new Set(textFeatureNames('urgent', 't'));
    expect(textFeatureNames('urgente', 't').filter((n) => a.has(n)).length).toBeGreaterThan(5);
  });
});

describe('upstream spam verdicts', () => {
  it.each([
    [{ 'x-spam-flag': ['YES'] }, 'x-spam-flag'],
    [{ 'x-spam-status': ['Yes, score=7.1 required=5.0'] }, 'x-spam-status'],
    [{ 'x-rspamd-action': ['add header'] }, 'x-rspamd-action'],
    [{ 'x-ms-exchange-organization-scl': ['6'] }, 'spam confidence level'],
    [{ 'x-forefront-antispam-report': ['CIP:1.2.3.4;SCL:9;SRV:;'] }, 'spam confidence level'],
    [{ 'x-barracuda-spam-status': ['Yes, SCORE=9'] }, 'x-barracuda-spam-status'],
    [{ 'x-proofpoint-spam-details': ['rule=spam policy=default'] }, 'x-proofpoint-spam-details'],
  ])('%o is spam (%s)', (headers, source) => {
    expect(upstreamSpamVerdict(buildMessage({ headers }))).toEqual({ isSpam: true, source });
  });

  it.each([
    [{}],
    [{ 'x-spam-status': ['No, score=1.2 required=5.0'] }],
    [{ 'x-ms-exchange-organization-scl': ['1'] }],
    [{ 'x-rspamd-action': ['no action'] }],
  ])('%o is not', (headers) => {
    expect(upstreamSpamVerdict(buildMessage({ headers }))).toBeNull();
  });
});
