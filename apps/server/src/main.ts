import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  ApiKeyCache,
  type CoreDeps,
  CredentialsCipher,
  closeRedisClient,
  createInvalidationSubscriber,
  createRedisClient,
  FailoverRateLimiter,
  InMemoryRateLimiter,
  type RateLimiter,
  type RateLimitLog,
  RedisKeyInvalidation,
  RedisRateLimiter,
  spamdCheck,
  startMailboxSync,
  startWebhookWorker,
  waitForRedis,
} from '@drift/core';
import { findWorkspaceRoot, openDatabase, resolveDataDir } from '@drift/db';
import { systemClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import type { FastifyInstance } from 'fastify';
import { ensureAdminToken } from './admin-token.ts';
import { buildServer } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { ensureDemoAccount } from './demo-account.ts';
import { ensureEncryptionKey } from './encryption-key.ts';
import { startScheduler } from './scheduler.ts';

const SHUTDOWN_GRACE_MS = 10_000;
/** How long startup waits for Redis before serving anyway (on in-process limits until it answers). */
const REDIS_STARTUP_WAIT_MS = 2_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = resolveDataDir(config.DRIFT_DATA_DIR);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir });
  const adminToken = await ensureAdminToken(dataDir, config.DRIFT_ADMIN_TOKEN);
  const encryptionKey = await ensureEncryptionKey(dataDir, config.DRIFT_ENCRYPTION_KEY);
  // Node's own store plus NODE_EXTRA_CA_CERTS decide which IMAP servers are trusted; hosts on the
  // server's own network only when the operator allows them.
  const mailboxes = {
    cipher: new CredentialsCipher(encryptionKey.key),
    imap: { allowPrivateHosts: config.DRIFT_IMAP_PRIVATE_HOSTS === 'allow' },
  };
  const mailer = createMailTransport({ smtpUrl: config.SMTP_URL, outboxDir: join(dataDir, 'outbox') });
  let app: FastifyInstance | undefined;
  const spamd = config.DRIFT_SPAMD
    ? spamdCheck(config.DRIFT_SPAMD, (error) =>
        app?.log.warn(
          { failure: error.failure, err: error.message },
          'spamd did not answer; triage decides without it',
        ),
      )
    : undefined;
  // With REDIS_URL, one rolling window shared by every instance; without, this process's own.
  const redis = config.REDIS_URL ? createRedisClient(config.REDIS_URL) : null;
  const rateLimitLog: RateLimitLog = {
    warn: (fields, message) => app?.log.warn(fields, message),
    info: (fields, message) => app?.log.info(fields, message),
  };
  const rateLimiter: RateLimiter = redis
    ? new FailoverRateLimiter(new RedisRateLimiter(redis), new InMemoryRateLimiter(), rateLimitLog)
    : new InMemoryRateLimiter();
  // Authenticated keys kept in process. With Redis a revoke reaches every instance by message (and
  // entries live a minute); without, another instance keeps a revoked key for at most a second.
  const keyInvalidationSubscriber = redis ? createInvalidationSubscriber(redis) : null;
  const apiKeyCache = new ApiKeyCache(
    redis && keyInvalidationSubscriber
      ? { broadcast: new RedisKeyInvalidation(redis, keyInvalidationSubscriber, { log: rateLimitLog }) }
      : {},
  );
  // One set of collaborators for the API, the inbound route, the scheduler and the IMAP worker.
  const core: CoreDeps = {
    prisma: database.prisma,
    clock: systemClock,
    rateLimiter,
    mailer,
    mailboxes,
    spamd,
    apiKeyCache,
    // Which webhook URLs may be registered; the worker checks again, after DNS, at every delivery.
    webhooks: { allowPrivateHosts: config.DRIFT_WEBHOOK_PRIVATE_HOSTS === 'allow' },
    // Without DRIFT_URL, the address this server prints at start (right on the machine itself).
    publicUrl: config.DRIFT_URL ?? `http://localhost:${config.PORT}`,
  };
  app = await buildServer({
    ...core,
    adminToken,
    logLevel: config.LOG_LEVEL,
    webDistDir: join(findWorkspaceRoot(), 'apps', 'web', 'dist'),
    pingDatabase: async () => {
      await database.prisma.$queryRaw`SELECT 1`;
    },
  });

  // Sends webhook events: woken in process by each fresh delivery, and by every scheduler tick for retries.
  const webhooks = startWebhookWorker(core, {
    allowPrivate: config.DRIFT_WEBHOOK_PRIVATE_HOSTS === 'allow',
    log: app.log,
  });
  const scheduler = await startScheduler({
    deps: core,
    databaseUrl: config.DATABASE_URL,
    intervalMs: config.DRIFT_SCHEDULER_INTERVAL_MS,
    log: app.log,
    kicks: { webhooks },
  });

  if (encryptionKey.source === 'generated' && config.DATABASE_URL) {
    app.log.warn(
      'DRIFT_ENCRYPTION_KEY is not set: generated one in the data directory; every instance on this database must share it',
    );
  }
  const mailboxSync = startMailboxSync(
    { ...core, mailboxes },
    {
      instanceId: `${process.pid}-${randomUUID()}`,
      scanIntervalMs: config.DRIFT_IMAP_SCAN_INTERVAL_MS,
      leaseMs: Math.max(30_000, config.DRIFT_IMAP_SCAN_INTERVAL_MS * 3),
      pollIntervalMs: config.DRIFT_IMAP_POLL_INTERVAL_MS,
      backoff: { initialMs: 1_000, maxMs: 300_000 },
      log: app.log,
    },
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await app.close();
    await mailboxSync.stop();
    await scheduler.stop();
    await webhooks.stop();
    if (keyInvalidationSubscriber) await closeRedisClient(keyInvalidationSubscriber);
    if (redis) await closeRedisClient(redis);
    mailer.close();
    await database.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (redis && !(await waitForRedis(redis, REDIS_STARTUP_WAIT_MS))) {
    app.log.warn('rate limiter: Redis does not answer yet; in-process limits until it does');
  }

  // Before listening, so that a client that sees the server up can already use the printed key.
  const demo = database.kind === 'pglite' ? await ensureDemoAccount(database.prisma) : null;
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const base = address.replace('://127.0.0.1', '://localhost');
  app.log.info({ address, database: database.kind, dataDir }, 'drift server listening');

  if (demo) {
    // Printed to the terminal once, never to the log: this is the only time the key exists in clear.
    process.stdout.write(
      [
        '',
        `Demo account ${demo.accountId} (plan team_growth) created.`,
        `Dashboard: ${base}/  sign in as ${demo.userEmail} with password ${demo.password} (shown once)`,
        `Demo API key (shown once, keep it): ${demo.key}`,
        `  curl ${base}/api/v1/ooo-sessions -H "Authorization: Bearer ${demo.key}"`,
        `Inbound mail for it (raw RFC 5322, Content-Type: message/rfc822): POST ${base}/inbound/${demo.inboundToken}`,
        `API reference: ${base}/api/docs`,
        '',
      ].join('\n'),
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `drift server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
