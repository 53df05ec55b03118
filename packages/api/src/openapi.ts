import { HEADERS } from '@drift/contract';
import { DOMAIN_ERROR_CODES, HTTP_STATUS } from '@drift/domain';
import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { errorExample, REQUEST_EXAMPLES, RESPONSE_EXAMPLES } from './openapi-examples.ts';
import { appRouter } from './router.ts';

const ISO_DATE_TIME = { type: 'string', format: 'date-time' } as const;

/** `details` of the error envelope: machine-readable facts beside the message, for clients that act on them. */
const ERROR_DETAILS_SCHEMA = {
  type: 'object',
  description: 'Present when the server has more to say than the message',
  properties: {
    fields: {
      type: 'array',
      description: 'One entry per request field that failed validation',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', description: 'Path of the request field, nested parts joined with "."' },
          message: { type: 'string' },
        },
      },
    },
    conflicting_session: {
      type: 'object',
      description: 'The OOO session a new or changed one overlaps (on CONFLICT)',
      required: ['id', 'start_date', 'end_date'],
      properties: { id: { type: 'string' }, start_date: ISO_DATE_TIME, end_date: ISO_DATE_TIME },
    },
  },
} as const;

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
        request_id: {
          type: 'string',
          description: 'The X-Request-Id of this response; quote it when reporting a problem',
        },
        details: ERROR_DETAILS_SCHEMA,
      },
    },
  },
} as const;

const RATE_LIMIT_HEADERS = {
  [HEADERS.rateLimitLimit]: {
    description: 'Maximum requests per minute',
    schema: { type: 'integer', example: 100 },
  },
  [HEADERS.rateLimitRemaining]: {
    description: 'Remaining requests in the current window',
    schema: { type: 'integer' },
  },
  [HEADERS.rateLimitReset]: {
    description: 'Epoch seconds when the window has room for another request',
    schema: { type: 'integer' },
  },
} as const;
const REQUEST_ID_HEADER = {
  [HEADERS.requestId]: {
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
  name: HEADERS.idempotencyKey,
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
  Webhooks:
    'Receive signed events (Standard Webhooks) when sessions start and end, mail arrives and playbooks are ready',
};

/** Operations whose success is not a 200 (trpc-to-openapi documents every success as 200). */
const SUCCESS_STATUS: Record<string, string> = {
  'sessions-create': '201',
  'webhooks-create': '201',
  'webhooks-test': '202',
};

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying (only on 429)',
  schema: { type: 'integer' },
} as const;

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const requestIdRef = { [HEADERS.requestId]: headerRef(HEADERS.requestId) };
const headerRefs = {
  ...Object.fromEntries(Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, headerRef(name)])),
  ...requestIdRef,
};

/** Every status an operation may answer, with the codes behind it; 500 is possible everywhere. */
function errorResponse(status: number, idempotent: boolean, operationId: string) {
  const codes = DOMAIN_ERROR_CODES.filter((code) => HTTP_STATUS[code] === status);
  const examples = Object.fromEntries(
    codes.map((code) => [code, { value: errorExample(code, operationId) }]),
  );
  return {
    description: codes.join(' or '),
    headers: {
      ...(status === 401 || status === 500 ? requestIdRef : headerRefs),
      ...(status === 429 && { [HEADERS.retryAfter]: RETRY_AFTER }),
      ...(idempotent &&
        replayable(status) && { [HEADERS.idempotentReplayed]: headerRef(HEADERS.idempotentReplayed) }),
    },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, examples } },
  };
}

/** The public API reference, on the origin the seed contract's curl examples use. */
const CONTACT_URL = 'https://withdrift.io/api/docs';
/** The reference's "Need help? Contact ..." address. */
const CONTACT_EMAIL = 'hello@withdrift.io';

/** What the body schemas cannot say from zod alone, keyed by operationId. */
const BODY_CONSTRAINTS: Record<string, Record<string, unknown>> = {
  // planUpdate refuses an empty patch: "Nothing to update".
  'sessions-update': { minProperties: 1 },
};

/**
 * Query parameters in the reference's words, for those whose zod schema has no description;
 * one that has keeps its own (trpc-to-openapi puts it on the schema only, not on the parameter).
 */
const PARAMETER_DESCRIPTIONS: Record<string, string> = {
  status: 'Filter by status',
  session_id: 'Filter by OOO session',
  category: 'Filter by category',
};

type Parameter = {
  name?: string;
  description?: string;
  schema?: { description?: string } & Record<string, unknown>;
};

function withDescription(parameter: Parameter): Parameter {
  const description =
    parameter.description ?? parameter.schema?.description ?? PARAMETER_DESCRIPTIONS[parameter.name ?? ''];
  return description === undefined ? parameter : { ...parameter, description };
}

type Content = Record<string, { schema?: unknown; example?: unknown }>;
type Operation = {
  operationId?: string;
  requestBody?: { content?: Content };
  parameters?: Parameter[];
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
      [HEADERS.idempotentReplayed]: IDEMPOTENT_REPLAYED,
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
    contact: { name: 'Drift', url: CONTACT_URL, email: CONTACT_EMAIL },
  };
  for (const item of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      // apps/server/src/idempotency.ts honours Idempotency-Key on every POST and PATCH.
      const idempotent = method === 'post' || method === 'patch';
      const responses: Operation['responses'] = {};
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 || status === 'default') continue;
        const successStatus = SUCCESS_STATUS[operation.operationId ?? ''] ?? status;
        const example = RESPONSE_EXAMPLES[operation.operationId ?? ''];
        responses[successStatus] = {
          ...response,
          content: withExample(response.content, example),
          headers: {
            ...headerRefs,
            ...(idempotent && { [HEADERS.idempotentReplayed]: headerRef(HEADERS.idempotentReplayed) }),
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
      if (operation.parameters) operation.parameters = operation.parameters.map(withDescription);
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
