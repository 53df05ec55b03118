/** Header names of the public API and the dashboard surface, as the API reference spells them. */
export const HEADERS = {
  authorization: 'Authorization',
  idempotencyKey: 'Idempotency-Key',
  idempotentReplayed: 'Idempotent-Replayed',
  requestId: 'X-Request-Id',
  rateLimitLimit: 'X-RateLimit-Limit',
  rateLimitRemaining: 'X-RateLimit-Remaining',
  rateLimitReset: 'X-RateLimit-Reset',
  retryAfter: 'Retry-After',
  csrfToken: 'X-Drift-CSRF',
  adminToken: 'X-Drift-Admin-Token',
} as const;
