// The application services: what the API procedures, the inbound route, the scheduler and the
// IMAP worker do, with one set of collaborators (CoreDeps). No transport lives here.

export { createApiKey, createOwnApiKey, listApiKeys, revokeApiKey } from './accounts/api-keys.ts';
export { createAccount } from './accounts/create-account.ts';
export { changePlan } from './accounts/plan.ts';
export { getSettings, updateSettings } from './accounts/settings.ts';
export { describeUser, toUser, verifyCredentials } from './accounts/sign-in.ts';
export { createUser } from './accounts/users.ts';
export {
  API_KEY_CACHE_LOCAL_TTL_MS,
  API_KEY_CACHE_MAX_ENTRIES,
  API_KEY_CACHE_MAX_UNKNOWN,
  API_KEY_CACHE_TTL_MS,
  API_KEY_CACHE_UNKNOWN_TTL_MS,
  ApiKeyCache,
  type ApiKeyCacheOptions,
  type InvalidationBroadcast,
  type InvalidationListener,
  type KeyInvalidation,
  type StoredApiKey,
} from './api-key-cache/api-key-cache.ts';
export {
  API_KEY_INVALIDATION_CHANNEL,
  createInvalidationSubscriber,
  type InvalidationLog,
  type RedisInvalidationOptions,
  RedisKeyInvalidation,
} from './api-key-cache/redis-invalidation.ts';
export { deliverDueAutoReplies } from './capture/auto-replies.ts';
export {
  type CaptureResult,
  type CaptureSource,
  captureBatch,
  captureMessage,
  type ParsedDelivery,
  parseOrRefuse,
} from './capture/capture.ts';
export {
  CAPTURE_BATCH_MAX,
  CAPTURE_WINDOW_MS,
  type CaptureQueue,
  createCaptureQueue,
  type InboundCapture,
} from './capture/capture-queue.ts';
export { findInboundAccount } from './capture/inbound-account.ts';
export { type SpamdCheck, spamdCheck } from './capture/spamd-check.ts';
export type { CoreDeps, MailboxAccess, MailDeps } from './deps.ts';
export { listEmails } from './emails/list-emails.ts';
export { backupContactOf, withBackupContact } from './escalation/contact.ts';
export { deliverDueEscalations, deliverEscalation } from './escalation/deliver.ts';
export { queueEscalations } from './escalation/queue.ts';
export { correctCategory, getEmailDetail, listCorrections, listInbox } from './mail/index.ts';
export { MAIL_MAX_ATTEMPTS, mailBackoffMs } from './mail-retry.ts';
export {
  CredentialsCipher,
  CredentialsKeyError,
  generateEncryptionKey,
  parseEncryptionKey,
} from './mailbox/credentials-cipher.ts';
export { connectMailbox, disconnectMailbox, getMailbox } from './mailbox/mailbox-connections.ts';
export {
  type MailboxSync,
  type MailboxSyncOptions,
  startMailboxSync,
} from './mailbox/mailbox-sync-worker.ts';
export { buildSessionPlaybook } from './playbooks/build-playbook.ts';
export { deliverPlaybook } from './playbooks/deliver-playbook.ts';
export { listPlaybooks } from './playbooks/list-playbooks.ts';
export { openPlaybook } from './playbooks/open-playbook.ts';
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
export {
  accountOfRule,
  CATEGORY_WORDS,
  createRule,
  deleteRule,
  type EvaluatedRule,
  listRules,
  matchRules,
  moveRule,
  RULE_AUTO_REPLY_REASON,
  RULE_NOT_FOUND,
  RULES_NEED_TEAM_GROWTH,
  type RuleMessage,
  type RuleOutcome,
  rulesEscalate,
  updateRule,
} from './rules/index.ts';
export { toEmail } from './serializers.ts';
export { createSession } from './sessions/create-session.ts';
export { deleteSession } from './sessions/delete-session.ts';
export { getSession } from './sessions/get-session.ts';
export { listSessions } from './sessions/list-sessions.ts';
export { updateSession } from './sessions/update-session.ts';
export * from './webhooks/index.ts';
export { webhookAccountOf } from './webhooks/manage-access.ts';
export { deleteWebhook, sendWebhookTest } from './webhooks/manage-change.ts';
export { createWebhook } from './webhooks/manage-create.ts';
export { getWebhook, listWebhookDeliveries, listWebhooks } from './webhooks/manage-read.ts';
export { generateWebhookSecret, WEBHOOK_SECRET_PREFIX } from './webhooks/manage-secret.ts';
