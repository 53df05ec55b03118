import { parseEncryptionKey } from '@drift/core';
import { parseSpamdAddress } from '@drift/mail';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const url = (schemes: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((value) => schemes.some((scheme) => value.startsWith(`${scheme}://`)), {
      error: `must be a URL such as ${example}`,
    });

function isEncryptionKey(value: string): boolean {
  try {
    parseEncryptionKey(value);
    return true;
  } catch {
    return false;
  }
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DRIFT_DATA_DIR: z.string().min(1).default('./.drift'),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    url(['postgres', 'postgresql'], 'postgresql://user@127.0.0.1:5432/drift').optional(),
  ),
  REDIS_URL: z.preprocess(emptyAsUndefined, url(['redis', 'rediss'], 'redis://127.0.0.1:6379').optional()),
  SMTP_URL: z.preprocess(emptyAsUndefined, url(['smtp', 'smtps'], 'smtp://127.0.0.1:2525').optional()),
  DRIFT_ADMIN_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(24, { error: 'must be at least 24 characters' }).optional(),
  ),
  DRIFT_ENCRYPTION_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine(isEncryptionKey, {
        error: 'must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)',
      })
      .optional(),
  ),
  DRIFT_SPAMD: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value, ctx) => {
        try {
          return parseSpamdAddress(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
          return z.NEVER;
        }
      })
      .optional(),
  ),
  DRIFT_IMAP_PRIVATE_HOSTS: z.enum(['allow', 'deny'], { error: 'must be allow or deny' }).default('deny'),
  DRIFT_WEBHOOK_PRIVATE_HOSTS: z.enum(['allow', 'deny'], { error: 'must be allow or deny' }).default('deny'),
  DRIFT_IMAP_SCAN_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  DRIFT_IMAP_POLL_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  DRIFT_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Where people reach the dashboard (https://drift.example.com): links in mail to others use it. */
  DRIFT_URL: z.preprocess(
    emptyAsUndefined,
    url(['http', 'https'], 'https://drift.example.com')
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
  ),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of: ${LOG_LEVELS.join(', ')}` }).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The only place that reads the environment; everything else receives a parsed Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
