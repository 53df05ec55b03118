import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bareImports,
  findCycle,
  type Graph,
  manifestOf,
  packageOf,
  relativeImportGraph,
  sourcesOf,
  specifiersOf,
  WORKSPACE_ROOT,
  workspaceProjects,
} from './import-graph.ts';

const project = (path: string) => join(WORKSPACE_ROOT, path);
const shown = (cycle: string[] | null) =>
  cycle?.map((file) => relative(WORKSPACE_ROOT, file)).join(' → ') ?? null;

/** Transport and HTTP packages: the application services must run without them. */
const TRANSPORT = (pkg: string) =>
  pkg === '@drift/api' ||
  pkg.startsWith('@trpc/') ||
  pkg === 'trpc-to-openapi' ||
  /^(@fastify\/|fastify$)/.test(pkg);

/** The pure core: each other and Node's built-ins, nothing with a database, mail, HTTP or contract. */
const PURE = new Set(['@drift/domain', '@drift/triage']);
const pureImport = (pkg: string) => PURE.has(pkg) || pkg.startsWith('node:');

describe('the import reader and the loop finder', () => {
  it.each([
    ["import { a } from './a.ts';", ['./a.ts']],
    ["import type { A } from '../a.ts';\nexport { b } from './b.ts';", ['../a.ts', './b.ts']],
    ["export * from './all.ts';", ['./all.ts']],
    ["import './side-effect.ts';", ['./side-effect.ts']],
    ["import {\n  a,\n  b,\n} from '@drift/domain/browser';", ['@drift/domain/browser']],
    ["const text = 'not an import from here';", []],
  ])('reads the specifiers of %j', (text, expected) => {
    expect(specifiersOf(text)).toEqual(expected);
  });

  it.each([
    ['@trpc/server/adapters/fastify', '@trpc/server'],
    ['fastify', 'fastify'],
    ['node:crypto', 'node:crypto'],
    ['@drift/domain/time-zone', '@drift/domain'],
  ])('names the package of %s', (specifier, pkg) => {
    expect(packageOf(specifier)).toBe(pkg);
  });

  const graph = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges));
  it.each([
    ['a straight line', { a: ['b'], b: ['c'], c: [] }, null],
    ['a diamond', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, null],
    ['two files importing each other', { a: ['b'], b: ['a'] }, ['a', 'b', 'a']],
    ['a loop reached from outside it', { x: ['a'], a: ['b'], b: ['c'], c: ['a'] }, ['a', 'b', 'c', 'a']],
    ['a file importing itself', { a: ['a'] }, ['a', 'a']],
  ])('finds the loop of %s', (_name, edges, expected) => {
    expect(findCycle(graph(edges))).toEqual(expected);
  });
});

describe('the workspace import graph', () => {
  it.each(workspaceProjects().map((dir) => [relative(WORKSPACE_ROOT, dir), dir]))(
    '%s: its relative imports form no loop',
    (_name, dir) => {
      expect(shown(findCycle(relativeImportGraph(sourcesOf(dir))))).toBeNull();
    },
  );

  it('no workspace package depends on another in a loop', () => {
    const manifests = workspaceProjects().map(manifestOf);
    const names = new Set(manifests.map((m) => m.name));
    const dependsOn: Graph = new Map(
      manifests.map((m) => [m.name, Object.keys(m.dependencies ?? {}).filter((dep) => names.has(dep))]),
    );
    expect(findCycle(dependsOn)).toBeNull();
  });
});

describe('@drift/core is the application, not the transport', () => {
  it('its package.json depends on no transport package', () => {
    const { dependencies = {}, devDependencies = {} } = manifestOf(project('packages/core'));
    expect(Object.keys({ ...dependencies, ...devDependencies }).filter(TRANSPORT)).toEqual([]);
  });

  it('its sources, tests included, import no transport package', () => {
    const files = sourcesOf(project('packages/core'), { withTests: true });
    expect(files.length).toBeGreaterThan(0);
    expect(bareImports(files).filter(({ pkg }) => TRANSPORT(pkg))).toEqual([]);
  });

  it('@drift/api depends on it', () => {
    expect(manifestOf(project('packages/api')).dependencies).toHaveProperty('@drift/core');
  });
});

describe.each(['packages/domain', 'packages/triage'])('%s stays pure', (path) => {
  it('its runtime dependencies are the other pure package only', () => {
    const { dependencies = {} } = manifestOf(project(path));
    expect(Object.keys(dependencies).filter((dep) => !PURE.has(dep))).toEqual([]);
  });

  it("its sources import only the other pure package and Node's built-ins", () => {
    const files = sourcesOf(project(path));
    expect(files.length).toBeGreaterThan(0);
    expect(bareImports(files).filter(({ pkg }) => !pureImport(pkg))).toEqual([]);
  });
});
