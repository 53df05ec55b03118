export {
  ADMIN_TOKEN_HEADER,
  type ApiDeps,
  type Context,
  createContext,
  type RequestFacts,
} from './context.ts';
export { originalCause, restErrorOf, toTRPCError } from './errors.ts';
export { AUTO_REPLY_MAX_ATTEMPTS, autoReplyBackoffMs, deliverDueAutoReplies } from './mail/auto-replies.ts';
export { type CaptureDeps, type CaptureResult, type CaptureSource, captureMessage } from './mail/capture.ts';
export { type SpamdCheck, spamdCheck } from './mail/spamd-check.ts';
export {
  CredentialsCipher,
  CredentialsKeyError,
  generateEncryptionKey,
  parseEncryptionKey,
} from './mailbox/credentials-cipher.ts';
export type { MailboxDeps, MailboxOutput } from './mailbox/mailbox-connections.ts';
export {
  type MailboxSync,
  type MailboxSyncOptions,
  startMailboxSync,
} from './mailbox/mailbox-sync-worker.ts';
export { buildOpenApiDocument } from './openapi.ts';
export { buildSessionPlaybook } from './playbooks/build-playbook.ts';
export { deliverPlaybook } from './playbooks/deliver-playbook.ts';
export { runScheduledWork, type ScheduledWorkResult } from './playbooks/scheduled-work.ts';
export {
  type FailoverOptions,
  FailoverRateLimiter,
  type RateLimitLog,
} from './rate-limit/failover-rate-limiter.ts';
export { InMemoryRateLimiter } from './rate-limit/in-memory-rate-limiter.ts';
export { API_RATE_LIMIT, type RateLimitDecision, type RateLimiter } from './rate-limit/rate-limiter.ts';
export {
  closeRedisClient,
  createRedisClient,
  RATE_LIMIT_KEY_PREFIX,
  type RedisClientOptions,
  RedisRateLimiter,
  type RedisRateLimiterOptions,
  waitForRedis,
} from './rate-limit/redis-rate-limiter.ts';
export { responseMetaFor } from './response-meta.ts';
export { type AppRouter, appRouter, createCaller } from './router.ts';
export { toEmail } from './serializers.ts';
