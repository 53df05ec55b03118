// Test data shaped as the mail procedures answer (RouterOutputs), shared by the mail tests.
import type { RouterOutputs } from '../trpc.ts';

type InboxEmail = RouterOutputs['mail']['inbox']['data'][number];
type Inbox = RouterOutputs['mail']['inbox'];
type EmailDetail = RouterOutputs['mail']['get'];
type SessionItem = RouterOutputs['sessions']['list']['data'][number];
type SessionDetail = RouterOutputs['sessions']['get'];

/** 6 Dec – 8 Dec 2026 in Europe/Berlin, the test account's zone. */
export const SESSION_DATES = '6 Dec – 8 Dec 2026';

export function sessionItem(overrides: Partial<SessionItem> = {}): SessionItem {
  return {
    id: 'sess_1',
    start_date: '2026-12-06T08:00:00.000Z',
    end_date: '2026-12-08T17:00:00.000Z',
    return_date: '2026-12-09T08:00:00.000Z',
    status: 'active',
    stats: { emails_received: 4, emails_filtered: 1, urgent_count: 1 },
    playbook_id: null,
    created_at: '2026-12-01T08:00:00.000Z',
    ...overrides,
  };
}

export function sessionDetail(overrides: Partial<SessionDetail> = {}): SessionDetail {
  const { stats, playbook_id: _playbookId, ...schedule } = sessionItem();
  return {
    ...schedule,
    auto_reply_message: null,
    stats: { ...stats, total_emails_synced: 0 },
    playbook: null,
    updated_at: '2026-12-01T08:00:00.000Z',
    ...overrides,
  };
}

export function sessionList(items: SessionItem[]) {
  return { data: items, pagination: { total: items.length, limit: 100, has_more: false, next_cursor: null } };
}

export function inboxEmail(overrides: Partial<InboxEmail> = {}): InboxEmail {
  return {
    id: 'em_1',
    external_id: '<1@example.com>',
    session_id: 'sess_1',
    thread_id: 'th_1',
    subject: 'Contract renewal due Friday',
    from_email: 'bob@client.example',
    from_name: 'Bob Client',
    category: 'urgent',
    urgency_score: 9,
    ai_summary: 'Bob needs the signed contract by Friday.',
    auto_replied: true,
    received_at: '2026-12-06T10:00:00.000Z',
    created_at: '2026-12-06T10:00:01.000Z',
    ...overrides,
  };
}

export const COUNTS = {
  urgent: 3,
  action_required: 2,
  fyi: 5,
  newsletter: 4,
  promotional: 1,
  resolved: 0,
  all: 15,
};

export function inboxPage(data: InboxEmail[], counts = COUNTS, total = data.length): Inbox {
  return { data, pagination: { total, limit: 20, offset: 0, has_more: total > data.length }, counts };
}

export function emailDetail(overrides: Partial<EmailDetail> = {}): EmailDetail {
  const email = inboxEmail();
  return {
    ...email,
    to: ['ana@example.com'],
    cc: ['team@example.com'],
    headers: [
      { name: 'Date', value: 'Sun, 6 Dec 2026 11:00:00 +0100' },
      { name: 'Reply-To', value: 'contracts@client.example' },
    ],
    body_text: 'Hello Ana,\nplease sign the contract.\n\nBob',
    body_html:
      '<p>Hello Ana, please <a href="https://client.example/sign">sign</a>.</p><img alt="logo" data-remote-src="https://cdn.client.example/logo.png">',
    has_remote_images: true,
    deadline: '2026-12-11T16:00:00.000Z',
    triage: {
      reasons: ['Bob is on your VIP list.', 'The subject mentions a deadline.'],
      corrected_from: null,
      corrected_at: null,
      rule: null,
    },
    auto_reply: {
      status: 'sent',
      reason: 'ok',
      explanation: 'A person wrote to you directly, so Drift answered.',
      sent_at: '2026-12-06T10:00:05.000Z',
    },
    thread: [
      {
        id: 'em_0',
        subject: 'Contract renewal',
        from_email: 'ana@example.com',
        from_name: 'Ana',
        category: 'fyi',
        received_at: '2026-12-05T09:00:00.000Z',
      },
      {
        id: 'em_1',
        subject: 'Re: Contract renewal due Friday',
        from_email: 'bob@client.example',
        from_name: 'Bob Client',
        category: 'urgent',
        received_at: '2026-12-06T10:00:00.000Z',
      },
    ],
    ...overrides,
  };
}
