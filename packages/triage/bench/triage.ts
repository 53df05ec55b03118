import { evaluateFile, formatReport } from './evaluate.ts';

// `pnpm --filter @drift/triage bench:triage [--summaries]`: accuracy of the classifier on the
// development corpus and on our own extra cases.

const showSummaries = process.argv.includes('--summaries');
for (const [title, file] of [
  ['dev.jsonl', '../test-data/dev.jsonl'],
  ['extra.jsonl', '../test-data/extra.jsonl'],
] as const) {
  const report = await evaluateFile(new URL(file, import.meta.url));
  console.log(formatReport(title, report, { summaries: showSummaries }));
  console.log('');
}
