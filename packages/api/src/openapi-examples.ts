/** Response examples taken from the API reference, keyed by operationId. */

const stats = { emails_received: 0, emails_filtered: 0, urgent_count: 0 };

const playbookItem = {
  email_id: 'em_abc123',
  thread_id: 'thread_xyz',
  subject: 'Q1 Budget Review - Action Needed',
  from_email: 'manager@company.com',
  from_name: 'Jane Smith',
  summary: 'Manager requesting budget approval by Friday.',
  category: 'action_required',
  urgency_score: 8,
  received_at: '2026-03-22T14:30:00.000Z',
  deadline: '2026-03-27T17:00:00.000Z',
  message_count: 2,
};

const playbookStats = { total_emails: 142, filtered_emails: 98, time_saved_minutes: 240 };

const session = {
  id: 'sess_abc123',
  start_date: '2026-03-20T00:00:00.000Z',
  end_date: '2026-03-27T00:00:00.000Z',
  return_date: '2026-03-28T00:00:00.000Z',
  status: 'completed',
  auto_reply_message: "I'm currently out of office...",
  stats: { emails_received: 142, emails_filtered: 98, urgent_count: 3, total_emails_synced: 142 },
  playbook: {
    id: 'pb_xyz789',
    summary: 'You received 142 emails...',
    action_items: [playbookItem],
    fyi_items: [],
    resolved_items: [],
    stats: playbookStats,
    delivered_at: '2026-03-28T06:00:00.000Z',
    viewed_at: '2026-03-28T08:15:00.000Z',
  },
  created_at: '2026-03-15T10:30:00.000Z',
  updated_at: '2026-03-27T23:59:00.000Z',
};

export const RESPONSE_EXAMPLES: Record<string, unknown> = {
  'sessions-list': {
    data: [
      {
        id: 'sess_abc123',
        start_date: '2026-03-20T00:00:00.000Z',
        end_date: '2026-03-27T00:00:00.000Z',
        return_date: '2026-03-28T00:00:00.000Z',
        status: 'scheduled',
        stats,
        playbook_id: null,
        created_at: '2026-03-15T10:30:00.000Z',
      },
    ],
    pagination: { total: 1, limit: 20, offset: 0, has_more: false },
  },
  'sessions-get': session,
  'sessions-create': {
    ...session,
    status: 'scheduled',
    auto_reply_message: 'I am out of office until March 27.',
    stats: { ...stats, total_emails_synced: 0 },
    playbook: null,
    updated_at: '2026-03-15T10:30:00.000Z',
  },
  'sessions-update': { ...session, status: 'cancelled', playbook: null },
  'sessions-remove': { id: 'sess_abc123', deleted: true },
  'emails-list': {
    data: [
      {
        id: 'em_abc123',
        external_id: '18abc123def',
        session_id: 'sess_abc123',
        thread_id: 'thread_xyz',
        subject: 'Q1 Budget Review - Action Needed',
        from_email: 'manager@company.com',
        from_name: 'Jane Smith',
        category: 'action_required',
        urgency_score: 8,
        ai_summary: 'Manager requesting budget approval by Friday.',
        auto_replied: true,
        received_at: '2026-03-22T14:30:00.000Z',
        created_at: '2026-03-22T14:31:00.000Z',
      },
    ],
    pagination: { total: 142, limit: 50, offset: 0, has_more: true },
  },
  'playbooks-list': {
    data: [
      {
        id: 'pb_xyz789',
        ooo_session_id: 'sess_abc123',
        summary: 'You received 142 emails during your week away...',
        action_items: [playbookItem],
        fyi_items: [],
        resolved_items: [],
        stats: playbookStats,
        delivered_at: '2026-03-28T06:00:00.000Z',
        viewed_at: '2026-03-28T08:15:00.000Z',
        created_at: '2026-03-28T06:00:00.000Z',
      },
    ],
    pagination: { total: 1, limit: 20, offset: 0, has_more: false },
  },
};

export const REQUEST_EXAMPLES: Record<string, unknown> = {
  'sessions-create': {
    start_date: '2026-03-20T00:00:00.000Z',
    end_date: '2026-03-27T00:00:00.000Z',
    auto_reply_message: 'I am out of office until March 27.',
  },
  'sessions-update': { status: 'cancelled' },
};
