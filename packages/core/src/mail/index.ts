export { correctCategory, listCorrections } from './corrections.ts';
export { getEmailDetail } from './email-detail.ts';
export { listInbox } from './inbox.ts';
export { type SanitizedHtml, sanitizeMailHtml } from './sanitize-html.ts';
