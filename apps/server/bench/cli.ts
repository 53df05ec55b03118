import { parseArgs } from 'node:util';

export const DEFAULT_PG = 'postgresql://postgres@127.0.0.1:5432/postgres';

export type BenchArgs<N extends string, F extends string, S extends string = never> = Record<N, number> &
  Record<F, boolean> &
  Record<S, string> & { pg: string };

/**
 * A bench's command line: `--<name> <number>` for each of `numbers` (given defaults), `--<flag>` for
 * each of `flags`, `--<name> <text>` for each of `strings` (given defaults), and `--pg <url>` of the
 * PostgreSQL server. `--help` prints `usage` and exits, before
 * the bench starts anything.
 */
export function parseBenchArgs<N extends string, F extends string = never, S extends string = never>(
  usage: string,
  numbers: Record<N, number>,
  flags: readonly F[] = [],
  strings: Record<S, string> = {} as Record<S, string>,
): BenchArgs<N, F, S> {
  const names = Object.keys(numbers) as N[];
  const argv = process.argv.slice(2);
  const { values: parsedValues } = parseArgs({
    // pnpm 12 passes on the `--` of `pnpm bench:api -- --duration 1`.
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      ...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
      ...Object.fromEntries(flags.map((flag) => [flag, { type: 'boolean' as const, default: false }])),
      ...Object.fromEntries(Object.keys(strings).map((name) => [name, { type: 'string' as const }])),
      pg: { type: 'string', default: DEFAULT_PG },
      help: { type: 'boolean', default: false },
    },
  });
  const values: Record<string, string | boolean | undefined> = parsedValues;
  if (values.help) {
    process.stdout.write(`${usage.trim()}\n`);
    process.exit(0);
  }
  const parsed: Record<string, number | boolean | string> = { pg: String(values.pg) };
  for (const name of names) {
    const given = values[name];
    const value = given === undefined ? numbers[name] : Number(given);
    if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, not ${String(given)}`);
    parsed[name] = value;
  }
  for (const flag of flags) parsed[flag] = values[flag] === true;
  for (const [name, fallback] of Object.entries<string>(strings)) {
    const given = values[name];
    parsed[name] = typeof given === 'string' ? given : fallback;
  }
  return parsed as BenchArgs<N, F, S>;
}
