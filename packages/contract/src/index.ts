// The public contract of Drift's API: what every client (REST docs, dashboard, CLI) and the server
// share. Browser-safe: zod and the pure half of the domain, nothing from node.
export * from './account.ts';
export * from './admin.ts';
export * from './common.ts';
export * from './emails.ts';
export * from './errors.ts';
export * from './headers.ts';
export * from './limits.ts';
export * from './mail.ts';
export * from './mailbox.ts';
export * from './playbooks.ts';
export * from './rules.ts';
export * from './sessions.ts';
export * from './webhook-events.ts';
export * from './webhooks.ts';
export * from './zod-messages.ts';
