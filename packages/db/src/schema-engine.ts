// Loads Prisma's WASM schema engine (the native one cannot be downloaded here) and wraps the
// calls we use so that errors raised inside the driver adapter come back readable.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type {
  ApplyMigrationsOutput,
  DiffParams,
  MigrationList,
  SchemaEngine,
} from '@prisma/schema-engine-wasm/schema_engine_bg';

type EngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

// lib ES2023 without DOM has no WebAssembly typings: describe the one call we make.
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let enginePromise: Promise<EngineModule> | undefined;

// The engine arms 10 s timers (timeouts it races its work against) and never clears them, which
// keeps a CLI alive for 10 s after its work. They are tracked and cleared once no engine is live.
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
let liveEngines = 0;

function withTrackedTimers(bg: EngineModule): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bg };
  for (const [name, fn] of Object.entries(bg)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof fn !== 'function') continue;
    const arm = fn as unknown as (callback: () => void, ms: number) => ReturnType<typeof setTimeout>;
    imports[name] = (callback: () => void, ms: number) => {
      const timer = arm(() => {
        engineTimers.delete(timer);
        callback();
      }, ms);
      engineTimers.add(timer);
      return timer;
    };
  }
  return imports;
}

function releaseEngine(): void {
  liveEngines -= 1;
  if (liveEngines > 0) return;
  for (const timer of engineTimers) clearTimeout(timer);
  engineTimers.clear();
}

/** Instantiates the WASM module once per process. */
function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const bg: EngineModule = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const jsPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(join(jsPath, '..', 'schema_engine_bg.wasm'));
    const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': withTrackedTimers(bg) });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bg;
  })();
  enginePromise.catch(() => {
    enginePromise = undefined;
  });
  return enginePromise;
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

export interface EngineSession {
  applyMigrations(migrationsList: MigrationList): Promise<ApplyMigrationsOutput>;
  diff(params: DiffParams): Promise<string>;
  free(): void;
}

/**
 * Starts a schema engine over a driver adapter factory. The engine does not dispose the adapters
 * it connects: the caller must close the underlying connections itself after `free()`.
 */
export async function startSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string },
  log: (line: string) => void = () => {},
): Promise<EngineSession> {
  const bg = await loadEngineModule();
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  liveEngines += 1;
  let engine: SchemaEngine;
  try {
    engine = await bg.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, bound);
  } catch (err) {
    releaseEngine();
    throw decodeEngineError(err, bound.errorRegistry);
  }
  let freed = false;

  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw decodeEngineError(err, bound.errorRegistry);
    }
  };

  return {
    applyMigrations: (migrationsList) =>
      call(() => engine.applyMigrations({ migrationsList, filters: NO_FILTERS })),
    diff: async (params) => (await call(() => engine.diff(params))).stdout ?? '',
    free: () => {
      if (freed) return;
      freed = true;
      engine.free();
      releaseEngine();
    },
  };
}

type Registry = ReturnType<typeof bindMigrationAwareSqlAdapterFactory>['errorRegistry'];

/** Turns `External error id#N` (an error thrown by the adapter) back into that error. */
function decodeEngineError(err: unknown, registry: Registry): Error {
  const message = err instanceof Error ? err.message : String(err);
  const match = /External error id#(\d+)/.exec(message);
  if (match?.[1]) {
    const record = registry.consumeError(Number(match[1]));
    if (record) {
      const inner = record.error;
      const detail = inner instanceof Error ? inner.message : JSON.stringify(inner);
      return new Error(`${message.trim()}: ${detail}`, { cause: inner });
    }
  }
  return err instanceof Error ? err : new Error(message);
}
