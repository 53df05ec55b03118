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
const RETRY_AFTER = {
  description: 'Seconds to wait before retrying (only on 429)',
  schema: { type: 'integer' },
} as const;

const headerRefs = Object.fromEntries(
  Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

/** Every status an operation may answer, with the codes behind it; 500 is possible everywhere. */
function errorResponse(status: number) {
  const codes = DOMAIN_ERROR_CODES.filter((code) => HTTP_STATUS[code] === status);
  const examples = Object.fromEntries(
    codes.map((code) => [code, { value: { error: { message: EXAMPLE_MESSAGE[code], code } } }]),
  );
  return {
    description: codes.join(' or '),
    ...(status === 401 || status === 500
      ? {}
      : { headers: { ...headerRefs, ...(status === 429 && { 'Retry-After': RETRY_AFTER }) } }),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, examples } },
  };
}

type Content = Record<string, { schema?: unknown; example?: unknown }>;
type Operation = {
  operationId?: string;
  requestBody?: { content?: Content };
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
    headers: { ...RATE_LIMIT_HEADERS } as never,
  };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      const responses: Operation['responses'] = {};
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 || status === 'default') continue;
        const successStatus = method === 'post' && path === '/ooo-sessions' ? '201' : status;
        const example = RESPONSE_EXAMPLES[operation.operationId ?? ''];
        responses[successStatus] = {
          ...response,
          content: withExample(response.content, example),
          headers: headerRefs,
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
      for (const status of [...documented].sort()) responses[String(status)] = errorResponse(status);
      operation.responses = responses;
      if (operation.requestBody) {
        const example = REQUEST_EXAMPLES[operation.operationId ?? ''];
        operation.requestBody = {
          ...operation.requestBody,
          content: withExample(operation.requestBody.content, example),
        };
      }
    }
  }
  return document;
}
