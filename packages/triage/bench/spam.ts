import { checkWithSpamd, parseMessage } from '@drift/mail';
import { spamdInstalled, startSpamd, type TestSpamd } from '@drift/mail/testing';
import { autoReplyDecision } from '../src/auto-reply.ts';
import { triageMessage } from '../src/classify.ts';
import { defaultSpamModel, defaultTriageModel } from '../src/model.ts';
import type { Category, SpamScore, TriageMessage } from '../src/types.ts';
import { CORPUS_SETTINGS } from '../train/corpora.ts';
import { loadSpamFolder, SPAM_EVALUATION_FOLDERS, SPAM_TRAINING_FOLDERS } from '../train/spam-corpus.ts';
import { trainNaiveBayes } from './naive-bayes.ts';

// `pnpm bench:spam`: real mail nobody here wrote, the SpamAssassin public corpus's evaluation
// folders (spam-2, easy-ham-1, hard-ham-1; the first 150 of each), each message's To rewritten
// to the corpus owner, replayed through triage and the auto-reply rules as capture runs them.
// Printed beside a naive Bayes trained on the same training folders, and SpamAssassin's spamd
// where Debian's spamassassin is installed (`scripts/ensure-spamassassin.sh`). Nothing is
// downloaded: the corpus comes with the npm dev dependency.

const PER_FOLDER = 150;
const OWNER = CORPUS_SETTINGS.ownAddresses[0] ?? 'alex@acme.test';
const started = performance.now();
const step = (what: string) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${what}`);

/** The message as if sent to the owner: every To and Cc line replaced by one To (and no mbox line). */
function addressedToOwner(mboxRaw: string): string {
  const raw = mboxRaw.replace(/^From [^\n]*\n/, '');
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const rest = split < 0 ? '' : raw.slice(split);
  const kept = head.split(/\r?\n(?![ \t])/).filter((field) => !/^(?:to|cc):/i.test(field));
  return [`To: ${OWNER}`, ...kept].join('\n') + rest;
}

interface Verdicts {
  category: Category;
  autoReply: boolean;
}

function drift(message: TriageMessage, spamd: SpamScore | null): Verdicts {
  const receivedAt = message.date ?? new Date('2003-01-01T00:00:00Z');
  const result = triageMessage(message, CORPUS_SETTINGS, [], receivedAt, { spamd });
  const decision = autoReplyDecision(message, result.category, CORPUS_SETTINGS, false, result);
  return { category: result.category, autoReply: decision.send };
}

step('loading the models and training the naive Bayes baseline on the training folders');
defaultTriageModel();
defaultSpamModel();
const training = (await Promise.all(SPAM_TRAINING_FOLDERS.map((f) => loadSpamFolder(f)))).flat();
const bayes = trainNaiveBayes(
  training.map((m) => ({ subject: m.message.subject, body: m.message.text, isSpam: m.isSpam })),
);

let spamd: TestSpamd | null = null;
if (spamdInstalled()) {
  step('starting SpamAssassin spamd on loopback');
  spamd = await startSpamd({ maxChildren: 4 });
} else {
  step('SpamAssassin is not installed (scripts/ensure-spamassassin.sh): its columns are left out');
}

interface Row {
  folder: string;
  isSpam: boolean;
  drift: Verdicts;
  driftWithSpamd: Verdicts | null;
  bayes: boolean;
  spamAssassin: boolean | null;
}

const rows: Row[] = [];
try {
  for (const folder of SPAM_EVALUATION_FOLDERS) {
    step(`classifying ${folder}`);
    const messages = await loadSpamFolder(folder, PER_FOLDER);
    const checked = await Promise.all(
      messages.map(async (m) => {
        const raw = addressedToOwner(m.raw);
        const message = await parseMessage(raw);
        const verdict = spamd
          ? await checkWithSpamd(raw, { host: spamd.host, port: spamd.port, timeoutMs: 60_000 })
          : null;
        return { m, message, verdict };
      }),
    );
    for (const { m, message, verdict } of checked) {
      rows.push({
        folder,
        isSpam: m.isSpam,
        drift: drift(message, null),
        driftWithSpamd: verdict ? drift(message, verdict) : null,
        bayes: bayes.isSpam(message.subject, message.text),
        spamAssassin: verdict ? verdict.isSpam : null,
      });
    }
  }
} finally {
  await spamd?.stop();
}

const share = (xs: readonly boolean[]) => (xs.length === 0 ? 0 : xs.filter(Boolean).length / xs.length);
const fmt = (x: number) => x.toFixed(3).padStart(9);
const of = (folder: string) => rows.filter((r) => r.folder === folder);
const caught = (v: Verdicts) => v.category === 'promotional' && !v.autoReply;

console.log(`== SpamAssassin evaluation folders, ${PER_FOLDER} messages each, To rewritten to ${OWNER}`);
console.log(
  `${''.padEnd(44)}${'Drift'.padStart(9)}${'+spamd'.padStart(9)}${'NB'.padStart(9)}${'SA 4'.padStart(9)}`,
);
/** One row: Drift's figure, with spamd combined, and (for spam-or-not rows) the two baselines. */
function line(label: string, picked: Row[], driftSays: (v: Verdicts) => boolean, baselines: boolean): void {
  const na = '-'.padStart(9);
  const withSpamd = picked.flatMap((r) => (r.driftWithSpamd ? [driftSays(r.driftWithSpamd)] : []));
  const sa = picked.flatMap((r) => (r.spamAssassin === null ? [] : [r.spamAssassin]));
  console.log(
    label.padEnd(44) +
      fmt(share(picked.map((r) => driftSays(r.drift)))) +
      (withSpamd.length > 0 ? fmt(share(withSpamd)) : na) +
      (baselines ? fmt(share(picked.map((r) => r.bayes))) : na) +
      (baselines && sa.length > 0 ? fmt(share(sa)) : na),
  );
}
line('spam-2: caught (promotional, no auto-reply)', of('spam-2'), caught, true);
line('spam-2: called urgent', of('spam-2'), (v) => v.category === 'urgent', false);
line('spam-2: auto-replied', of('spam-2'), (v) => v.autoReply, false);
line('easy-ham-1: called promotional (spam)', of('easy-ham-1'), (v) => v.category === 'promotional', true);
line('hard-ham-1: called promotional (spam)', of('hard-ham-1'), (v) => v.category === 'promotional', true);
console.log('');
console.log("Drift = triage with the committed models; +spamd = the same with spamd's score combined");
console.log('(DRIFT_SPAMD); NB = naive Bayes over subject and body words; SA 4 = spamd alone, threshold 5.');
console.log('NB and SA answer spam or not: their ham rows are the share they call spam.');
step('done');
