import { expect, it } from 'vitest';
import * as domain from './index.ts';

// Other packages code against these names; this catches accidental renames and leaked internals.
it('exports exactly the public API', () => {
  expect(Object.keys(domain).sort()).toEqual(
    [
      'API_KEY_PREFIX',
      'AUTO_REPLY_MAX_LENGTH',
      'DOMAIN_ERROR_CODES',
      'DomainError',
      'HTTP_STATUS',
      'OPERATIONS',
      'PAGE_LIMIT_MAX',
      'PASSWORD_MIN_LENGTH',
      'RETURN_MORNING_HOUR',
      'PLANS',
      'REQUIRED_SCOPE',
      'SCOPES',
      'SESSION_STATUSES',
      'assertApiAccess',
      'assertPage',
      'assertScope',
      'constantTimeEqual',
      'findOverlap',
      'fixedClock',
      'generateApiKey',
      'generateSecretToken',
      'hasIdPrefix',
      'hashApiKey',
      'intervalsOverlap',
      'isDomainError',
      'looksLikeApiKey',
      'newId',
      'overlapMessage',
      'pageInfo',
      'parseScopes',
      'hashPassword',
      'verifyPassword',
      'planCreate',
      'planUpdate',
      'playbookDeliveryTime',
      'randomBase62',
      'sessionStatus',
      'systemClock',
      'toIso',
    ].sort(),
  );
});
