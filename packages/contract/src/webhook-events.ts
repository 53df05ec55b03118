// The events a webhook can subscribe to. `webhook.test` is sent only by POST /webhooks/:id/test.
export const WEBHOOK_EVENTS = [
  'session.started',
  'session.completed',
  'email.captured',
  'email.urgent',
  'playbook.ready',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_TEST_EVENT = 'webhook.test';
export type WebhookDeliveryEventType = WebhookEventType | typeof WEBHOOK_TEST_EVENT;
