import { DOMAIN_ERROR_CODES, type DomainErrorCode, HTTP_STATUS } from '@drift/domain';
import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { REQUEST_EXAMPLES, RESPONSE_EXAMPLES } from './openapi-examples.ts';
import { appRouter } from './router.ts';

const EXAMPLE_MESSAGE: Record<DomainErrorCode, string> = {
  VALIDATION_ERROR: 'limit must be an integer between 1 and 100',
  UNAUTHORIZED: 'Missing Authorization header',
  INVALID_API_KEY: 'API key is invalid or revoked',
  INSUFFICIENT_SCOPE: 'API key lacks required scope: read:ooo',
  FEATURE_NOT_AVAILABLE: 'API access requires Team Growth plan',
  NOT_FOUND: 'OOO session not found',
  CONFLICT: 'Overlaps OOO session sess_abc123 (2026-03-20T00:00:00.000Z to 2026-03-27T00:00:00.000Z)',
  PAYLOAD_TOO_LARGE: 'Request body is too large',
  RATE_LIMIT_EXCEEDED: 'Rate limit of 100 requests per minute exceeded; retry in 12 seconds',
  INTERNAL_ERROR: 'An unexpected error occurred',
  SERVICE_UNAVAILABLE: 'The database is unavailable; try again shortly',
};

/**
 * A 400 each operation really answers (see the endpoint tests), so no operation shows another's;
 * EXAMPLE_MESSAGE.VALIDATION_ERROR for any operation missing here.
 */
const VALIDATION_EXAMPLES: Record<string, string> = {
  'sessions-list': 'limit must be an integer between 1 and 100',
  'sessions-get': 'id: Too big: expected string to have <=100 characters',
  'sessions-create': 'end_date must be after start_date',
  'sessions-update': 'Nothing to update',
  'sessions-remove':
    'Only scheduled OOO sessions can be deleted; this one is active; end it with status "completed" instead',
  'emails-list': 'category must be one of: urgent, action_required, fyi, newsletter, promotional, resolved',
  'playbooks-list': 'offset must be an integer between 0 and 2147483647',
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['message', 'code'],
      properties: {
        message: { type: 'string' },
        code: { type: 'string', enum: [...DOMAIN_ERROR_CODES] },
      },
    },
  },
} as const;

const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': {
    description: 'Maximum requests per minute',
    schema: { type: 'integer', example: 100 },
  },
  'X-RateLimit-Remaining': {
    description: 'Remaining requests in the current window',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Reset': {
    description: 'Epoch seconds when the window has room for another request',
    schema: { type: 'integer' },
  },
} as const;
const REQUEST_ID_HEADER = {
  'X-Request-Id': {
    description: 'Identifies the request in the server logs; quote it when reporting a problem',
    schema: { type: 'string' },
  },
} as const;
/** Set on a response replayed for a repeated `Idempotency-Key` (apps/server/src/idempotency.ts). */
const IDEMPOTENT_REPLAYED = {
  description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
} as const;
const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any unique string (1 to 255 characters). Repeating the request with the same key within 24 hours ' +
    'returns the first response (marked `Idempotent-Replayed: true`) instead of applying it again; ' +
    'the same key with a different request is refused with 400.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
} as const;
/**
 * Statuses a repeated Idempotency-Key replays: everything but 401, 429 and 5xx; a 413 is refused
 * while reading the body, before the key is looked at.
 */
const replayable = (status: number) => status < 500 && status !== 401 && status !== 413 && status !== 429;

/** One line per tag the operations use. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  'OOO sessions': 'Schedule, change, end and delete out-of-office periods',
  Emails: 'Emails captured and triaged during OOO sessions',
  Playbooks: 'Return playbooks summarising what happened while you were away',
};

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying (only on 429)',
  schema: { type: 'integer' },
} as const;

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const requestIdRef = { 'X-Request-Id': headerRef('X-Request-Id') };
const headerRefs = {
  ...Object.fromEntries(Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, headerRef(name)])),
  ...requestIdRef,
};

/** Every status an operation may answer, with the codes behind it; 500 is possible everywhere. */
function errorResponse(status: number, idempotent: boolean, operationId: string) {
  const codes = DOMAIN_ERROR_CODES.filter((code) => HTTP_STATUS[code] === status);
  const messageFor = (code: DomainErrorCode) =>
    (code === 'VALIDATION_ERROR' && VALIDATION_EXAMPLES[operationId]) || EXAMPLE_MESSAGE[code];
  const examples = Object.fromEntries(
    codes.map((code) => [code, { value: { error: { message: messageFor(code), code } } }]),
  );
  return {
    description: codes.join(' or '),
    headers: {
      ...(status === 401 || status === 500 ? requestIdRef : headerRefs),
      ...(status === 429 && { 'Retry-After': RETRY_AFTER }),
      ...(idempotent && replayable(status) && { 'Idempotent-Replayed': headerRef('Idempotent-Replayed') }),
    },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, examples } },
  };
}

/** The public API reference, on the origin the seed contract's curl examples use. */
const CONTACT_URL = 'https://withdrift.io/api/docs';

/** What the body schemas cannot say from zod alone, keyed by operationId. */
const BODY_CONSTRAINTS: Record<string, Record<string, unknown>> = {
  // planUpdate refuses an empty patch: "Nothing to update".
  'sessions-update': { minProperties: 1 },
};

type Content = Record<string, { schema?: unknown; example?: unknown }>;
type Operation = {
  operationId?: string;
  requestBody?: { content?: Content };
  parameters?: unknown[];
  responses: Record<string, { content?: Content } & Record<string, unknown>>;
};

function withExample(content: Content | undefined, example: unknown): Content | undefined {
  const json = content?.['application/json'];
  if (!json || example === undefined) return content;
  return { ...content, 'application/json': { ...json, example } };
}

/**
 * trpc-to-openapi documents errors in its own body shape; we answer with the reference's envelope,
 * so the error responses are rewritten here to describe what clients really receive.
 */
export function buildOpenApiDocument({ baseUrl }: { baseUrl: string }): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: 'Drift API',
    version: '1.0.0',
    description:
      'Programmatically manage OOO sessions, emails, and playbooks. Authenticate with `Authorization: Bearer drift_...`. ' +
      'Requests are limited to 100 per minute per API key. Errors return `{"error":{"message","code"}}`.',
    baseUrl,
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key, `drift_` followed by 43 characters',
      },
    },
  });
  // trpc-to-openapi's own error schemas describe a body we never send.
  const schemas = Object.fromEntries(
    Object.entries(document.components?.schemas ?? {}).filter(([name]) => !name.startsWith('error.')),
  );
  document.components = {
    ...document.components,
    schemas: { ...schemas, Error: { ...ERROR_SCHEMA, required: [...ERROR_SCHEMA.required] } as never },
    headers: {
      ...RATE_LIMIT_HEADERS,
      ...REQUEST_ID_HEADER,
      'Idempotent-Replayed': IDEMPOTENT_REPLAYED,
    } as never,
  };
  const usedTags = new Set(
    Object.values(document.paths ?? {}).flatMap((item) =>
      Object.values(item as Record<string, { tags?: string[] }>).flatMap((op) => op.tags ?? []),
    ),
  );
  document.tags = [...usedTags].map((name) => ({
    name,
    ...(TAG_DESCRIPTIONS[name] !== undefined && { description: TAG_DESCRIPTIONS[name] }),
  }));
  document.info = {
    ...document.info,
    // No LICENSE file and no `license` in any package.json. OpenAPI 3.1 makes `identifier` optional,
    // but swagger-parser's 3.1 schema wants it or `url`: an SPDX LicenseRef names a proprietary one.
    license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    contact: { name: 'Drift', url: CONTACT_URL },
  };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      // apps/server/src/idempotency.ts honours Idempotency-Key on every POST and PATCH.
      const idempotent = method === 'post' || method === 'patch';
      const responses: Operation['responses'] = {};
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 || status === 'default') continue;
        const successStatus = method === 'post' && path === '/ooo-sessions' ? '201' : status;
        const example = RESPONSE_EXAMPLES[operation.operationId ?? ''];
        responses[successStatus] = {
          ...response,
          content: withExample(response.content, example),
          headers: {
            ...headerRefs,
            ...(idempotent && { 'Idempotent-Replayed': headerRef('Idempotent-Replayed') }),
          },
        };
      }
      const documented = new Set(
        Object.keys(operation.responses)
          .map(Number)
          .filter((s) => s >= 400),
      );
      // Possible on every operation: a bug, or the database being away; bodies only where there is one.
      documented.add(500).add(503);
      if (method === 'post' || method === 'patch') documented.add(413);
      for (const status of [...documented].sort())
        responses[String(status)] = errorResponse(status, idempotent, operation.operationId ?? '');
      operation.responses = responses;
      if (idempotent) operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY_PARAMETER];
      if (operation.requestBody) {
        const example = REQUEST_EXAMPLES[operation.operationId ?? ''];
        const content = withExample(operation.requestBody.content, example);
        const json = content?.['application/json'];
        const constraints = BODY_CONSTRAINTS[operation.operationId ?? ''];
        operation.requestBody = {
          ...operation.requestBody,
          content:
            json && constraints
              ? {
                  ...content,
                  'application/json': { ...json, schema: { ...(json.schema as object), ...constraints } },
                }
              : content,
        };
      }
    }
  }
  return document;
}
