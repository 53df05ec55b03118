import { describe, expect, it } from 'vitest';
import { evaluateFile, type LabelledRecord, runCorpus, score } from '../bench/evaluate.ts';

// The accuracy targets of the classifier on the labelled development corpus, and a floor on our
// own extra cases. The same evaluation runs in `pnpm --filter @drift/triage bench:triage`.

const DEV = new URL('../test-data/dev.jsonl', import.meta.url);
const EXTRA = new URL('../test-data/extra.jsonl', import.meta.url);

function describeMisses(r: Awaited<ReturnType<typeof evaluateFile>>): string {
  return [
    ...r.misclassified.map((p) => `${p.id}: ${p.category} != ${p.expected.category}`),
    ...r.urgencyMisses.map(
      (p) => `${p.id}: urgency ${p.urgencyScore} not in [${p.expected.urgency.join(', ')}]`,
    ),
    ...r.autoReplyMisses.map((p) => `${p.id}: auto-reply ${p.autoReply} (${p.autoReplyReason})`),
  ].join('\n');
}

describe('accuracy on test-data/dev.jsonl', async () => {
  const report = await evaluateFile(DEV);

  it('covers the whole corpus', () => {
    expect(report.total).toBe(110);
  });

  it('category accuracy >= 0.92', () => {
    expect(report.accuracy, describeMisses(report)).toBeGreaterThanOrEqual(0.92);
  });

  it('macro-F1 >= 0.90', () => {
    expect(report.macroF1, describeMisses(report)).toBeGreaterThanOrEqual(0.9);
  });

  it('urgency in band >= 0.90', () => {
    expect(report.urgencyInBand, describeMisses(report)).toBeGreaterThanOrEqual(0.9);
  });

  it('auto-reply decisions are all right', () => {
    expect(report.autoReplyAccuracy, describeMisses(report)).toBe(1);
  });

  it('every summary is one non-empty sentence of at most 200 characters', () => {
    for (const p of report.predictions) {
      expect(p.summary.length, p.id).toBeGreaterThan(10);
      expect(p.summary.length, p.id).toBeLessThanOrEqual(200);
      expect(p.summary, p.id).not.toContain('\n');
    }
  });
});

describe('accuracy on test-data/extra.jsonl', async () => {
  const report = await evaluateFile(EXTRA);

  it('has at least 25 cases', () => {
    expect(report.total).toBeGreaterThanOrEqual(25);
  });

  it('category accuracy >= 0.85', () => {
    expect(report.accuracy, describeMisses(report)).toBeGreaterThanOrEqual(0.85);
  });
});

describe('the evaluation itself', () => {
  const raw = (id: string, headers: string, body: string) =>
    `From: Sam Jones <sam.jones@example.test>\nTo: Alex Morgan <alex@acme.test>\nDate: Mon, 2 Mar 2026 10:00:00 -0800\nMessage-ID: <${id}@example.test>\n${headers}Subject: Resize\n\n${body}\n`;
  const record = (
    id: string,
    thread: string,
    r: string,
    category: LabelledRecord['category'],
  ): LabelledRecord => ({
    id,
    thread,
    raw: r,
    category,
    urgency: [0, 10],
    auto_reply: false,
    why: '',
  });

  it('groups threads by headers, not by the `thread` field, and relabels settled threads', async () => {
    const predictions = await runCorpus([
      record(
        'a',
        'one',
        raw('a', '', 'Hi Alex,\n\nCould you approve the staging resize?\n\nSam'),
        'resolved',
      ),
      // Same `thread` label but no header link: must stay untouched by the settlement below.
      record(
        'b',
        'two',
        raw('b', '', 'Hi Alex,\n\nCould you review my travel request?\n\nSam'),
        'action_required',
      ),
      record(
        'c',
        'two',
        raw(
          'c',
          'In-Reply-To: <a@example.test>\nReferences: <a@example.test>\n',
          'Never mind, Priya approved it.',
        ),
        'resolved',
      ),
    ]);
    expect(predictions.map((p) => p.category)).toEqual(['resolved', 'action_required', 'resolved']);
    expect(predictions[0]?.urgencyScore).toBe(1);
    expect(predictions[2]?.settlesThread).toBe(true);
  });

  it('answers a sender once', async () => {
    const predictions = await runCorpus([
      record('a', 'a', raw('a', '', 'Could you approve the resize?'), 'action_required'),
      record('b', 'b', raw('b', '', 'Could you review my travel request?'), 'action_required'),
    ]);
    expect(predictions.map((p) => p.autoReply)).toEqual([true, false]);
    expect(predictions[1]?.autoReplyReason).toBe('already_answered');
  });

  it('computes accuracy, macro-F1 and the confusion matrix', async () => {
    const predictions = await runCorpus([
      record('a', 'a', raw('a', '', 'Could you approve the resize?'), 'action_required'),
      record('b', 'b', raw('b', '', 'Could you review my travel request?'), 'fyi'),
    ]);
    const r = score(predictions);
    expect(r.accuracy).toBe(0.5);
    expect(r.confusion.fyi.action_required).toBe(1);
    expect(r.perCategory.action_required).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(r.perCategory.fyi).toMatchObject({ precision: 0, recall: 0, support: 1 });
    // F1: action_required 2/3, fyi 0 -> macro 1/3 (categories absent on both sides do not count).
    expect(r.macroF1).toBeCloseTo(1 / 3);
    expect(r.misclassified.map((p) => p.id)).toEqual(['b']);
  });
});
