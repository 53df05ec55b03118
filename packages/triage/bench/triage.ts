import { franc } from 'franc-min';
import { readSpamModel, readTriageModel } from '../src/model.ts';
import { foldOf, isHeldOut, loadCorpora } from '../train/corpora.ts';
import { parseCorpus } from '../train/examples.ts';
import { loadSpamFolder, SPAM_TRAINING_FOLDERS } from '../train/spam-corpus.ts';
import { type EvaluationReport, formatReport, judgeUnseen, type Prediction, score } from './evaluate.ts';

// `pnpm bench:triage [--details] [--summaries]`: how triage does on mail its model was not trained
// on. Every figure comes from a model fitted without the messages it is judged on:
//   - cross-validation: the labelled threads of all corpora in 5 folds (a thread never straddles
//     two); each fold is judged by a model fitted on the other four;
//   - the fixed held-out split (a fifth of the threads, by hash): judged by a model fitted on
//     the rest. Nobody tunes against it; it checks that cross-validation did not flatter.
// Each corpus is replayed whole, in arrival order, as one OOO session; only the judged threads
// count. The committed model (trained on everything) is never scored here.

export const FOLDS = 5;

const details = process.argv.includes('--details');
const summaries = process.argv.includes('--summaries');
const started = performance.now();
const step = (what: string) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${what}`);

step('parsing the labelled corpora');
const corpora = await Promise.all((await loadCorpora()).map(parseCorpus));
step(`reading the SpamAssassin training folders (${SPAM_TRAINING_FOLDERS.join(', ')})`);
const spamAssassin = (await Promise.all(SPAM_TRAINING_FOLDERS.map((f) => loadSpamFolder(f)))).flat();

const judged = (train: (key: string) => boolean, judge: (key: string) => boolean) =>
  judgeUnseen(corpora, spamAssassin, train, judge);

const crossValidated: Prediction[] = [];
for (let fold = 0; fold < FOLDS; fold++) {
  step(`cross-validation: fold ${fold + 1} of ${FOLDS}`);
  crossValidated.push(
    ...judged(
      (key) => foldOf(key, FOLDS) !== fold,
      (key) => foldOf(key, FOLDS) === fold,
    ),
  );
}
step('held-out split');
const heldOut = judged(
  (key) => !isHeldOut(key),
  (key) => isHeldOut(key),
);

/** Language of a message by franc (ISO 639-3); short or mixed text is `und`. */
function languageOf(p: Prediction): string {
  return franc(p.text.slice(0, 2000), { minLength: 20 });
}

function languageLines(report: EvaluationReport): string[] {
  const byLanguage = new Map<string, Prediction[]>();
  for (const p of report.predictions) {
    const language = languageOf(p);
    byLanguage.set(language, [...(byLanguage.get(language) ?? []), p]);
  }
  const rows = [...byLanguage.entries()].sort((a, b) => b[1].length - a[1].length);
  return [
    'per language (franc; und = too short to tell)',
    ...rows.map(([language, predictions]) => {
      const r = score(predictions);
      return `  ${language.padEnd(5)} ${String(r.total).padStart(4)} messages   accuracy ${r.accuracy.toFixed(3)}   in band ${r.urgencyInBand.toFixed(3)}   wrong auto-replies ${r.wrongAutoReplies}`;
    }),
  ];
}

function report(title: string, predictions: Prediction[]): void {
  const r = score(predictions);
  const full = formatReport(title, r, { summaries });
  // Without --details, stop before the lists of single misses.
  console.log(details ? full : full.slice(0, full.indexOf('\nmisclassified')));
  console.log('');
  console.log(languageLines(r).join('\n'));
  console.log('');
}

/** Median wall time of reading and restoring both committed model files, as a server start does. */
function modelLoadMs(runs = 7): number {
  const times = Array.from({ length: runs }, () => {
    const t = performance.now();
    readTriageModel();
    readSpamModel();
    return performance.now() - t;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? 0;
}

report(`${FOLDS}-fold cross-validation over all labelled data`, crossValidated);
report('held-out split (model fitted on the other threads)', heldOut);
console.log(`committed models: read and restored in ${modelLoadMs().toFixed(0)} ms (median of 7)`);
step('done');
