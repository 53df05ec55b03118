/** What triage files a captured email under, in the order the API reference lists them. */
export const EMAIL_CATEGORIES = [
  'urgent',
  'action_required',
  'fyi',
  'newsletter',
  'promotional',
  'resolved',
] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];
