import type { TriageMessage, TriageSettings } from './types.ts';

// Factories for the unit tests: a plain person-to-owner message and the corpus mailbox.

export const OWNER = 'alex@acme.test';

export function buildSettings(overrides: Partial<TriageSettings> = {}): TriageSettings {
  return {
    ownAddresses: ['alex@acme.test', 'alex.morgan@acme.test'],
    vipSenders: ['maria.chen@acme.test'],
    urgentKeywords: [],
    timeZone: 'America/Los_Angeles',
    ...overrides,
  };
}

export function buildMessage(overrides: Partial<TriageMessage> = {}): TriageMessage {
  const date = overrides.date ?? new Date('2026-03-02T18:00:00Z');
  return {
    messageId: 'msg-1@example.test',
    inReplyTo: null,
    references: [],
    subject: 'Hello',
    from: { address: 'sam.jones@example.test', name: 'Sam Jones' },
    replyTo: [],
    to: [{ address: OWNER, name: 'Alex Morgan' }],
    cc: [],
    date,
    returnPath: 'sam.jones@example.test',
    headers: { date: ['Mon, 2 Mar 2026 10:00:00 -0800'] },
    text: 'Hi Alex,\n\nJust sharing the notes from today.\n\nSam',
    ...overrides,
  };
}
