// Prints the problems of a `redocly lint --format=json` report; exits 1 if it has any error or warning.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const problem of report.problems ?? []) {
  const where = problem.location?.map((location) => location.pointer).join(', ') ?? '';
  console.log(`${problem.severity} ${problem.ruleId}: ${problem.message} ${where}`);
}
const { errors = 0, warnings = 0 } = report.totals ?? {};
console.log(`redocly: ${errors} errors, ${warnings} warnings`);
process.exit(errors + warnings === 0 && report.totals ? 0 : 1);
