/** Response examples taken from the API reference, keyed by operationId; error examples the server really gives. */
import type { DomainErrorCode, ErrorDetails } from '@drift/domain';

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

const webhook = {
  id: 'wh_abc123',
  url: 'https://example.com/hooks/drift',
  events: ['email.urgent', 'playbook.ready'],
  description: 'HR system',
  format: 'standard',
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
    pagination: { total: 1, limit: 20, offset: 0, has_more: false, next_starting_after: null },
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
    pagination: { total: 142, limit: 50, offset: 0, has_more: true, next_starting_after: 'em_abc123' },
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
  'webhooks-list': {
    data: [{ ...webhook, disabled_at: null, disabled_reason: null, created_at: '2026-03-15T10:30:00.000Z' }],
    pagination: { total: 1, limit: 20, offset: 0, has_more: false },
  },
  'webhooks-get': {
    ...webhook,
    disabled_at: null,
    disabled_reason: null,
    created_at: '2026-03-15T10:30:00.000Z',
  },
  'webhooks-create': {
    ...webhook,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    created_at: '2026-03-15T10:30:00.000Z',
  },
  'webhooks-remove': { id: 'wh_abc123', deleted: true },
  'webhooks-test': { id: 'msg_abc123', type: 'webhook.test', queued: true },
  'webhooks-deliveries': {
    data: [
      {
        id: 'wha_abc123',
        delivery_id: 'msg_abc123',
        event: 'email.urgent',
        status_code: 200,
        duration_ms: 84,
        error: null,
        created_at: '2026-03-22T14:31:00.000Z',
      },
    ],
    pagination: { total: 1, limit: 20, offset: 0, has_more: false },
  },
};

export const REQUEST_EXAMPLES: Record<string, unknown> = {
  'webhooks-create': {
    url: 'https://example.com/hooks/drift',
    events: ['email.urgent', 'playbook.ready'],
    description: 'HR system',
  },
  'sessions-create': {
    start_date: '2026-03-20T00:00:00.000Z',
    end_date: '2026-03-27T00:00:00.000Z',
    auto_reply_message: 'I am out of office until March 27.',
  },
  'sessions-update': { status: 'cancelled' },
};

type ErrorExample = { message: string; details?: ErrorDetails };

/** Validation details name the one field at fault, with the message the server also gives in full. */
const fieldError = (field: string, message: string): ErrorExample => ({
  message,
  details: { fields: [{ field, message }] },
});

/** Several fields at fault: the message joins theirs with "; ", in the order the server checks them. */
const fieldErrors = (fields: [string, string][]): ErrorExample => ({
  message: fields.map(([, message]) => message).join('; '),
  details: { fields: fields.map(([field, message]) => ({ field, message })) },
});

const ERROR_EXAMPLES: Record<DomainErrorCode, ErrorExample> = {
  VALIDATION_ERROR: fieldError('limit', 'limit must be an integer between 1 and 100'),
  UNAUTHORIZED: { message: 'Missing Authorization header' },
  INVALID_API_KEY: { message: 'API key is invalid or revoked' },
  INSUFFICIENT_SCOPE: { message: 'API key lacks required scope: read:ooo' },
  FEATURE_NOT_AVAILABLE: { message: 'API access requires Team Growth plan' },
  NOT_FOUND: { message: 'OOO session not found' },
  CONFLICT: {
    message: 'Overlaps OOO session sess_abc123 (2026-03-20T00:00:00.000Z to 2026-03-27T00:00:00.000Z)',
    details: {
      conflicting_session: {
        id: 'sess_abc123',
        start_date: '2026-03-20T00:00:00.000Z',
        end_date: '2026-03-27T00:00:00.000Z',
      },
    },
  },
  PAYLOAD_TOO_LARGE: { message: 'Request body is too large' },
  RATE_LIMIT_EXCEEDED: { message: 'Rate limit of 100 requests per minute exceeded; retry in 12 seconds' },
  INTERNAL_ERROR: { message: 'An unexpected error occurred' },
  SERVICE_UNAVAILABLE: { message: 'The database is unavailable; try again shortly' },
};

/**
 * A 400 each operation really answers (see the endpoint tests), so no operation shows another's;
 * ERROR_EXAMPLES.VALIDATION_ERROR for any operation missing here.
 */
const VALIDATION_EXAMPLES: Record<string, ErrorExample> = {
  'sessions-list': fieldError('limit', 'limit must be an integer between 1 and 100'),
  'sessions-get': fieldError('id', 'id: Too big: expected string to have <=100 characters'),
  'sessions-create': fieldError('end_date', 'end_date must be after start_date'),
  'sessions-update': { message: 'Nothing to update' },
  'sessions-remove': {
    message:
      'Only scheduled OOO sessions can be deleted; this one is active; end it with status "completed" instead',
  },
  'emails-list': fieldError(
    'category',
    'category must be one of: urgent, action_required, fyi, newsletter, promotional, resolved',
  ),
  'playbooks-list': fieldError('offset', 'offset must be an integer between 0 and 2147483647'),
  'webhooks-list': fieldErrors([
    ['limit', 'limit must be an integer between 1 and 100'],
    ['offset', 'offset must be an integer between 0 and 2147483647'],
  ]),
  'webhooks-get': fieldError('id', 'id must be at most 100 characters'),
  'webhooks-create': fieldError('url', 'url must be an https:// URL'),
  'webhooks-remove': fieldError('id', 'id must be at most 100 characters'),
  'webhooks-test': fieldError('id', 'id must be at most 100 characters'),
  'webhooks-deliveries': fieldErrors([
    ['id', 'id must be at most 100 characters'],
    ['limit', 'limit must be an integer between 1 and 100'],
  ]),
};

/** Every error names its request; the server stamps the response's X-Request-Id (a UUID). */
const EXAMPLE_REQUEST_ID = '0b6f3c1e-8d2a-4f57-9c41-7e2d5a9b3f10';

/** The body of an error with this code, as `operationId` answers it, in the envelope's key order. */
export function errorExample(code: DomainErrorCode, operationId: string) {
  const { message, details } =
    (code === 'VALIDATION_ERROR' && VALIDATION_EXAMPLES[operationId]) || ERROR_EXAMPLES[code];
  return { error: { message, code, request_id: EXAMPLE_REQUEST_ID, ...(details && { details }) } };
}
