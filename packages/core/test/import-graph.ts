// Reads the workspace's import statements with a regex: enough for our own sources, which always
// import with a static string (`import ... from './x.ts'`, `export ... from`, `import './x.ts'`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../..');

const SOURCE = /\.(ts|tsx)$/;
const TEST_FILE = /\.test\.tsx?$/;
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

/** Every import or re-export specifier of a source text, in order. */
export function specifiersOf(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((match) => match[1] ?? '');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Prisma's generated client is not ours to arrange.
    if (name === 'node_modules' || name === 'generated') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The non-test sources of a package (`packages/core`) or an app, as absolute paths. */
export function sourcesOf(projectDir: string, { withTests = false } = {}): string[] {
  const src = join(projectDir, 'src');
  if (!existsSync(src)) return [];
  return filesUnder(src).filter((file) => SOURCE.test(file) && (withTests || !TEST_FILE.test(file)));
}

/** Every workspace project (packages/*, apps/*) as an absolute directory. */
export function workspaceProjects(): string[] {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(WORKSPACE_ROOT, group)).map((name) => join(WORKSPACE_ROOT, group, name)),
  );
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
    (candidate) => SOURCE.test(candidate) && existsSync(candidate),
  );
}

export type Graph = Map<string, string[]>;

/** Files and the files they import by relative path (bare imports are other packages'). */
export function relativeImportGraph(files: readonly string[]): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const targets = specifiersOf(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .flatMap((specifier) => resolveRelative(file, specifier) ?? []);
    graph.set(file, targets);
  }
  return graph;
}

/** One loop of the graph, as the path that closes it (`a → b → a`), or null when it has none. */
export function findCycle(graph: Graph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

/** The package name an import specifier reaches: `@scope/name` or `name` (`node:` kept whole). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** The packages a project's sources import by name, with the file that does it. */
export function bareImports(files: readonly string[]): { file: string; pkg: string }[] {
  return files.flatMap((file) =>
    specifiersOf(readFileSync(file, 'utf8'))
      .filter((specifier) => !specifier.startsWith('.'))
      .map((specifier) => ({ file: relative(WORKSPACE_ROOT, file), pkg: packageOf(specifier) })),
  );
}

export interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function manifestOf(projectDir: string): Manifest {
  return JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Manifest;
}
