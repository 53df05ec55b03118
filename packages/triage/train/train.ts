import { writeFile } from 'node:fs/promises';
import { storeModel } from '../src/learn/linear-model.ts';
import {
  MODEL_FORMAT,
  SPAM_MODEL_FILE,
  type StoredSpamModel,
  type StoredTriageModel,
  TRIAGE_MODEL_FILE,
} from '../src/model.ts';
import { loadCorpora } from './corpora.ts';
import { parseCorpus } from './examples.ts';
import { checksumOf, fitSpamModel, fitTriageModel, labelledSpamExamples } from './fit.ts';
import { loadSpamFolder, SPAM_TRAINING_FOLDERS } from './spam-corpus.ts';

// `pnpm triage:train`: fits the spam model on the SpamAssassin training folders and the triage
// models on every labelled corpus, and writes both to model/. Deterministic: the same data gives
// byte-identical files, so `git diff model/` after a retrain shows exactly what changed.

const started = performance.now();
const step = (what: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${what}`);

step(`reading the SpamAssassin training folders (${SPAM_TRAINING_FOLDERS.join(', ')})`);
const spamMessages = (await Promise.all(SPAM_TRAINING_FOLDERS.map((f) => loadSpamFolder(f)))).flat();
step('reading the labelled corpora');
const corpora = await loadCorpora();
const parsed = await Promise.all(corpora.map(parseCorpus));
const records = corpora.flatMap((c) => c.records);
const spamExamples = [...spamMessages, ...labelledSpamExamples(parsed, () => true)];
const spamChecksum = checksumOf([
  ...spamMessages.map((m) => `${m.folder}/${m.id}`),
  ...records.map((r) => `${r.id}:${r.category}`),
]);
step(`fitting the spam model on ${spamExamples.length} messages`);
const spamModel = fitSpamModel(spamExamples, `spam-${spamChecksum}`);
const storedSpam: StoredSpamModel = {
  format: MODEL_FORMAT,
  version: spamModel.version,
  trainedOn: {
    spam: spamExamples.filter((m) => m.isSpam).length,
    ham: spamExamples.filter((m) => !m.isSpam).length,
    folders: [...SPAM_TRAINING_FOLDERS, 'labelled corpora'],
    checksum: spamChecksum,
  },
  threshold: spamModel.threshold,
  model: storeModel(spamModel.model),
};

const checksum = checksumOf([spamModel.version, ...records.map((r) => JSON.stringify(r))]);
step(`fitting the triage models on ${records.length} labelled messages`);
const model = fitTriageModel(parsed, spamModel, () => true, `triage-${checksum}`);
const storedTriage: StoredTriageModel = {
  format: MODEL_FORMAT,
  version: model.version,
  trainedOn: { records: records.length, checksum },
  category: storeModel(model.category),
  settle: storeModel(model.settle),
  person: storeModel(model.person),
  urgencyBase: model.urgencyBase,
  urgency: storeModel(model.urgency),
};

await writeFile(SPAM_MODEL_FILE, `${JSON.stringify(storedSpam)}\n`);
await writeFile(TRIAGE_MODEL_FILE, `${JSON.stringify(storedTriage)}\n`);
step(
  `wrote ${SPAM_MODEL_FILE.pathname} (threshold ${spamModel.threshold.toFixed(3)}) and ${TRIAGE_MODEL_FILE.pathname}`,
);
