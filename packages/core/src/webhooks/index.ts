export { DISABLE_AFTER_MS, GIVE_UP_AFTER_MS, nextAttemptAt } from './backoff.ts';
export { emitCaptureEvents } from './capture-events.ts';
export { composeWebhookDisabledEmail } from './disable.ts';
export { kickWebhookWorkers } from './kick.ts';
export {
  enqueueWebhookEvent,
  enqueueWebhookEvents,
  type WebhookEventInput,
  writeWebhookEvents,
} from './outbox.ts';
export { postWebhook, RESPONSE_BODY_LIMIT, WEBHOOK_TIMEOUT_MS, type WebhookPostResult } from './send.ts';
export { emitSessionCompletedEvents, emitSessionEvents, emitSessionStartedEvents } from './session-events.ts';
export { signedHeaders } from './signature.ts';
export { isSlackWebhook, slackMessage } from './slack.ts';
export {
  checkWebhookUrl,
  resolveWebhookTarget,
  WebhookUrlError,
} from './url-safety.ts';
export {
  startWebhookWorker,
  WebhookWorker,
  type WebhookWorkerDeps,
  type WebhookWorkerLog,
  type WebhookWorkerOptions,
} from './worker.ts';
