import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  CredentialsCipher,
  InMemoryRateLimiter,
  type MailboxSync,
  type SpamdCheck,
  startMailboxSync,
} from '@drift/core';
import type { PrismaClient } from '@drift/db';
import { createTestDatabase, type TestDatabase } from '@drift/db/testing';
import { fixedClock, type ManualClock } from '@drift/domain';
import { createMailTransport, type MailTransport } from '@drift/mail';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/app.ts';
import { assertErrorEnvelopeShape } from './assertions.ts';

/** Every test file starts its clock here unless it says otherwise; `created_at` is real time. */
export const BASE_NOW = new Date('2026-03-10T12:00:00.000Z');
export const ADMIN_TOKEN = 'drift_admin_test_token_0123456789abcdef';

// biome-ignore lint/suspicious/noExplicitAny: a JSON body, narrowed by the assertions that read it
export type Json = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: Json;
  text: string;
}

export interface RequestOptions {
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** Serialised as JSON with `Content-Type: application/json`. */
  body?: unknown;
  /** Sent as is (with `Content-Type: application/json` unless headers say otherwise). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  [field: string]: unknown;
}

/** How the database seen by the server misbehaves, switched on by a test for one request. */
export type DatabaseFault = 'none' | 'internal' | 'unavailable';

export interface TestServer {
  baseUrl: string;
  prisma: PrismaClient;
  database: TestDatabase;
  clock: ManualClock;
  app: FastifyInstance;
  mailer: MailTransport;
  /** Where the default mailer writes its .eml files. */
  outboxDir: string;
  /** Every line the server logged, raw, in order. */
  rawLogs: string[];
  logs(): LogLine[];
  /** Waits (bounded) for the per-request log line: it is written after the response is sent. */
  requestLog(reqId: string): Promise<LogLine[]>;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  setFault(fault: DatabaseFault): void;
  /** The IMAP sync worker, when started with `mailboxSync`. */
  mailboxSync: MailboxSync | undefined;
  /** Seals mailbox secrets for this server (a fresh random key). */
  cipher: CredentialsCipher;
  close(): Promise<void>;
}

export interface StartOptions {
  now?: Date;
  pingDatabase?: () => Promise<void>;
  /** Outgoing mail; by default .eml files in a fresh temporary outbox (see `outboxDir`). */
  mailer?: MailTransport;
  /** Certificate authority to trust for IMAP (the test Dovecot's). */
  imapCa?: string;
  /** Runs the IMAP sync worker (scanning every 100 ms) as the server's main does. */
  mailboxSync?: boolean;
  /** `deny`: as DRIFT_IMAP_PRIVATE_HOSTS=deny (the default of a real server); tests allow loopback. */
  imapPrivateHosts?: 'allow' | 'deny';
  /** SpamAssassin's spamd, as DRIFT_SPAMD gives it to a real server. */
  spamd?: SpamdCheck;
  /** The dashboard's public address, as DRIFT_URL gives it to a real server. */
  publicUrl?: string;
}

/** A secret-looking detail that a 500 must never show to a client. */
export const LEAKY_DATABASE_MESSAGE =
  'relation "ooo_sessions_secret" does not exist at /srv/drift/node_modules/pg';

const FAULTY_MODELS = new Set<PropertyKey>([
  'oooSession',
  'email',
  'playbook',
  'webhook',
  'webhookDelivery',
  'webhookAttempt',
]);

function faultError(fault: DatabaseFault): Error {
  if (fault === 'unavailable') {
    return Object.assign(new Error("Can't reach database server at db.internal.example:5432"), {
      code: 'P1001',
    });
  }
  return new Error(LEAKY_DATABASE_MESSAGE);
}

/**
 * The real client, except that the session, email, playbook and webhook models can be made to
 * fail (inside interactive transactions too); the API key model keeps working so that requests
 * authenticate and reach the procedure.
 */
function faultablePrisma(prisma: PrismaClient, current: () => DatabaseFault): PrismaClient {
  return new Proxy(prisma, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === '$transaction' && typeof value === 'function') {
        return (first: unknown, ...rest: unknown[]) =>
          typeof first === 'function'
            ? value.call(target, (tx: PrismaClient) => first(faultablePrisma(tx, current)), ...rest)
            : value.call(target, first, ...rest);
      }
      if (typeof value === 'function') return value.bind(target);
      if (!FAULTY_MODELS.has(property) || typeof value !== 'object' || value === null) return value;
      return new Proxy(value, {
        get(model, method) {
          const member: unknown = Reflect.get(model, method, model);
          if (typeof member !== 'function') return member;
          return (...args: unknown[]) => {
            const fault = current();
            if (fault !== 'none') return Promise.reject(faultError(fault));
            return member.apply(model, args);
          };
        },
      });
    },
  });
}

/** The IMAP sync worker as main.ts runs it, quicker: a scan every 100 ms, reconnects from 100 ms. */
export function startTestMailboxSync(
  server: Pick<TestServer, 'prisma' | 'clock' | 'mailer' | 'cipher' | 'app'> & {
    imapCa?: string | undefined;
  },
  instanceId: string,
): MailboxSync {
  const { prisma, clock, mailer, cipher, app, imapCa } = server;
  return startMailboxSync(
    {
      prisma,
      clock,
      mailer,
      mailboxes: { cipher, imap: { ...(imapCa && { ca: imapCa }), connectTimeoutMs: 3_000 } },
    },
    {
      instanceId,
      scanIntervalMs: 100,
      leaseMs: 30_000,
      pollIntervalMs: 60_000,
      backoff: { initialMs: 100, maxMs: 1_000 },
      log: app.log,
    },
  );
}

/** A fresh migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL) and a listening server. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const clock = fixedClock(options.now ?? BASE_NOW);
  const rawLogs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line.trim()) rawLogs.push(line);
      callback();
    },
  });
  let fault: DatabaseFault = 'none';
  const outboxDir = await mkdtemp(join(tmpdir(), 'drift-outbox-'));
  const mailer = options.mailer ?? createMailTransport({ outboxDir });
  const cipher = new CredentialsCipher(randomBytes(32));
  const mailboxes = {
    cipher,
    imap: {
      ...(options.imapCa && { ca: options.imapCa }),
      connectTimeoutMs: 3_000,
      allowPrivateHosts: options.imapPrivateHosts !== 'deny',
    },
  };
  const app = await buildServer({
    mailer,
    mailboxes,
    ...(options.spamd && { spamd: options.spamd }),
    ...(options.publicUrl && { publicUrl: options.publicUrl }),
    prisma: faultablePrisma(database.prisma, () => fault),
    clock,
    rateLimiter: new InMemoryRateLimiter(),
    adminToken: ADMIN_TOKEN,
    logLevel: 'info',
    logStream,
    pingDatabase:
      options.pingDatabase ??
      (async () => {
        await database.prisma.$queryRaw`SELECT 1`;
      }),
  });
  let baseUrl: string;
  try {
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await database.close();
    throw error;
  }

  const logs = () => rawLogs.map((line) => JSON.parse(line) as LogLine);
  const server = { prisma: database.prisma, clock, mailer, cipher, app, imapCa: options.imapCa };
  const mailboxSync = options.mailboxSync ? startTestMailboxSync(server, 'test-instance') : undefined;

  return {
    baseUrl,
    prisma: database.prisma,
    database,
    clock,
    app,
    mailer,
    outboxDir,
    rawLogs,
    logs,
    async requestLog(reqId) {
      for (let attempt = 0; attempt < 200; attempt++) {
        const lines = logs().filter((line) => line.reqId === reqId && line.msg === 'request');
        if (lines.length > 0) {
          // Give a duplicate line, if the server wrote one, the same chance to show up.
          await new Promise((resolve) => setTimeout(resolve, 20));
          return logs().filter((line) => line.reqId === reqId && line.msg === 'request');
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return [];
    },
    async request(method, path, { key, body, rawBody, headers = {} } = {}) {
      const sent: Record<string, string> = {};
      if (key !== undefined) sent.authorization = `Bearer ${key}`;
      if (body !== undefined || rawBody !== undefined) sent['content-type'] = 'application/json';
      Object.assign(sent, headers);
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: sent,
        ...(body !== undefined || rawBody !== undefined ? { body: rawBody ?? JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: Json = text;
      try {
        parsed = text ? JSON.parse(text) : text;
      } catch {
        // not JSON: keep the text
      }
      const result: ApiResponse = { status: response.status, headers: response.headers, body: parsed, text };
      // The envelope rule holds for every error the suite ever provokes, not only where a test looks
      // (HEAD responses carry no body by definition).
      if (path.startsWith('/api/v1') && response.status >= 400 && method !== 'HEAD')
        assertErrorEnvelopeShape(result, `${method} ${path}`);
      return result;
    },
    setFault(next) {
      fault = next;
    },
    mailboxSync,
    cipher,
    async close() {
      try {
        await mailboxSync?.stop();
        await app.close();
      } finally {
        mailer.close();
        await database.close();
        await rm(outboxDir, { recursive: true, force: true });
      }
    },
  };
}
