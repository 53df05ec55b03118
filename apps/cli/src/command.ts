import { formatZodError } from '@drift/contract';
import type { z } from 'zod';
import type { DriftClient } from './client.ts';
import type { Output } from './output.ts';

// What every command is made of: its definition, the parsed invocation, and the errors and
// argument readers commands share.

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the command itself detects (not the server's): exit 1 with this code. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Invocation {
  positionals: string[];
  /** Flags that take a value (`--host imap.example.com`). */
  flags: Record<string, string | undefined>;
  /** Flags that take none (`--follow`): present or not. */
  switches: Record<string, boolean | undefined>;
}

export type Command = (client: DriftClient, invocation: Invocation, output: Output) => Promise<void>;

export interface CommandDefinition {
  usage: string;
  /** Flags that take a value. */
  flags: string[];
  /** Flags that take none. */
  switches?: string[];
  run: Command;
}

export function required(invocation: Invocation, flag: string): string {
  const value = invocation.flags[flag];
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
}

export function positional(invocation: Invocation, name: string): string {
  const value = invocation.positionals[0];
  if (!value) throw new UsageError(`${name} is required`);
  return value;
}

/** `a@x, b@y` -> ['a@x', 'b@y']; an empty value clears the list. */
export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The payload, checked with the server's own schema before anything is sent: a bad value is named
 * in the server's words without a round trip (and before a secret is asked for).
 */
export function checked<S extends z.ZodType>(schema: S, payload: z.input<S>): z.input<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new CommandError('VALIDATION_ERROR', formatZodError(parsed.error));
  return payload;
}
