// /api/v1/openapi.json and /api/docs: a valid document of exactly the reference's seven operations
// and the six of webhooks.
import SwaggerParser from '@apidevtools/swagger-parser';
import { buildSession, buildTenant } from '@drift/api/testing';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { defined } from './support/assertions.ts';
import { ENDPOINTS, happyRequestOfNewTenant } from './support/endpoints.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

type Document = OpenAPIV3_1.Document;
type Operation = OpenAPIV3_1.OperationObject;
type Schema = OpenAPIV3_1.SchemaObject;

const fixture = useTestServer();
let document: Document;

beforeAll(async () => {
  const response = await fixture.server.request('GET', '/api/v1/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = response.body;
});

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function operations(doc: Document): { key: string; operation: Operation }[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item?.[method]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      operation: defined(item)[method] as Operation,
    })),
  );
}

function operation(name: string): Operation {
  const found = operations(document).find((op) => op.key === name);
  if (!found) throw new Error(`${name} is not in the document`);
  return found.operation;
}

/** Follows one local `$ref` (the document keeps its components by reference). */
function resolve<T>(value: T | OpenAPIV3_1.ReferenceObject): T {
  const ref = (value as OpenAPIV3_1.ReferenceObject).$ref;
  if (typeof ref !== 'string') return value as T;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], document);
  return resolve(target as T);
}

const operationNames = () => Object.keys(ERROR_STATUSES);

/** Statuses each operation can answer with an error (see the endpoint tests); 500 everywhere. */
const ERROR_STATUSES: Record<string, number[]> = {
  'GET /ooo-sessions': [400, 401, 403, 429, 500],
  'POST /ooo-sessions': [400, 401, 403, 409, 429, 500],
  'GET /ooo-sessions/{id}': [400, 401, 403, 404, 429, 500],
  'PATCH /ooo-sessions/{id}': [400, 401, 403, 404, 409, 429, 500],
  'DELETE /ooo-sessions/{id}': [400, 401, 403, 404, 429, 500],
  'GET /emails': [400, 401, 403, 404, 429, 500],
  'GET /playbooks': [400, 401, 403, 404, 429, 500],
  'GET /webhooks': [400, 401, 403, 429, 500],
  'POST /webhooks': [400, 401, 403, 429, 500],
  'GET /webhooks/{id}': [400, 401, 403, 404, 429, 500],
  'DELETE /webhooks/{id}': [400, 401, 403, 404, 429, 500],
  'POST /webhooks/{id}/test': [400, 401, 403, 404, 429, 500],
  'GET /webhooks/{id}/deliveries': [400, 401, 403, 404, 429, 500],
};

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.x document', async () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('lists exactly the seven operations of the reference and the six of webhooks', () => {
    expect(
      operations(document)
        .map((op) => op.key)
        .sort(),
    ).toEqual(
      [
        'GET /ooo-sessions',
        'POST /ooo-sessions',
        'GET /ooo-sessions/{id}',
        'PATCH /ooo-sessions/{id}',
        'DELETE /ooo-sessions/{id}',
        'GET /emails',
        'GET /playbooks',
        'GET /webhooks',
        'POST /webhooks',
        'GET /webhooks/{id}',
        'DELETE /webhooks/{id}',
        'POST /webhooks/{id}/test',
        'GET /webhooks/{id}/deliveries',
      ].sort(),
    );
    expect(ENDPOINTS.map((e) => `${e.method} ${e.openApiPath}`).sort()).toEqual(
      operations(document)
        .map((op) => op.key)
        .sort(),
    );
  });

  it('serves them under /api/v1', () => {
    expect(document.servers?.map((s) => s.url)).toEqual(['/api/v1']);
  });

  it('has a bearer security scheme that every operation requires', () => {
    const schemes = Object.entries(document.components?.securitySchemes ?? {}).map(([name, scheme]) => [
      name,
      resolve(scheme),
    ]);
    const bearer = schemes.filter(
      ([, scheme]) =>
        (scheme as OpenAPIV3_1.HttpSecurityScheme).type === 'http' &&
        (scheme as OpenAPIV3_1.HttpSecurityScheme).scheme === 'bearer',
    );
    expect(bearer).toHaveLength(1);
    const bearerName = defined(bearer[0])[0] as string;
    for (const { key, operation: op } of operations(document)) {
      const security = op.security ?? document.security ?? [];
      expect(
        security.some((requirement) => bearerName in requirement),
        key,
      ).toBe(true);
    }
  });

  it('describes the error envelope {error: {message, code}} with the reference codes', () => {
    const error = resolve<Schema>({ $ref: '#/components/schemas/Error' });
    expect(error.required).toEqual(['error']);
    const inner = resolve<Schema>(defined(error.properties).error as Schema);
    expect([...(inner.required ?? [])].sort()).toEqual(['code', 'message']);
    expect(Object.keys(inner.properties ?? {}).sort()).toEqual(['code', 'details', 'message', 'request_id']);
    const codes = (defined(inner.properties).code as Schema).enum;
    expect(codes).toEqual(
      expect.arrayContaining([
        'VALIDATION_ERROR',
        'UNAUTHORIZED',
        'INVALID_API_KEY',
        'INSUFFICIENT_SCOPE',
        'FEATURE_NOT_AVAILABLE',
        'NOT_FOUND',
        'CONFLICT',
        'RATE_LIMIT_EXCEEDED',
        'INTERNAL_ERROR',
      ]),
    );
  });

  it('declares the optional request_id and details of an error', () => {
    const error = resolve<Schema>({ $ref: '#/components/schemas/Error' });
    const inner = resolve<Schema>(defined(error.properties).error as Schema);
    const properties = defined(inner.properties);
    expect(resolve<Schema>(defined(properties.request_id)).type).toBe('string');
    const details = resolve<Schema>(defined(properties.details));
    const fields = resolve<Schema>(defined(details.properties?.fields)) as OpenAPIV3_1.ArraySchemaObject;
    expect(resolve<Schema>(fields.items).required).toEqual(['field', 'message']);
    const conflicting = resolve<Schema>(defined(details.properties?.conflicting_session));
    expect(conflicting.required).toEqual(['id', 'start_date', 'end_date']);
    expect(details.required ?? []).toEqual([]);
  });

  it('describes every parameter of every operation', () => {
    const undescribed = operations(document).flatMap(({ key, operation: op }) =>
      (op.parameters ?? [])
        .map((p) => resolve<OpenAPIV3_1.ParameterObject>(p))
        .filter((p) => !p.description?.trim())
        .map((p) => `${key} ${p.in} ${p.name}`),
    );
    expect(undescribed).toEqual([]);
  });

  it.each(Object.entries(ERROR_STATUSES))('%s documents its errors with the envelope', (name, statuses) => {
    const op = operation(name);
    const documented = Object.keys(op.responses ?? {})
      .map(Number)
      .filter((status) => status >= 400);
    expect(documented.sort()).toEqual(expect.arrayContaining(statuses));
    for (const status of documented) {
      const response = resolve<OpenAPIV3_1.ResponseObject>(defined(defined(op.responses)[String(status)]));
      expect(response.description, `${name} ${status}`).toBeTruthy();
      expect(response.content?.['application/json']?.schema, `${name} ${status}`).toEqual({
        $ref: '#/components/schemas/Error',
      });
    }
    const tooMany = resolve<OpenAPIV3_1.ResponseObject>(
      defined(defined(op.responses)['429'], '429 response'),
    );
    expect(Object.keys(tooMany.headers ?? {})).toContain('Retry-After');
  });

  it('documents 413 on the operations with a body and 503 everywhere, as DESIGN.md has them', () => {
    const missing = operations(document).flatMap(({ key, operation: op }) => {
      const wanted = key.startsWith('POST') || key.startsWith('PATCH') ? ['413', '503'] : ['503'];
      return wanted.filter((status) => !(status in (op.responses ?? {}))).map((status) => `${key} ${status}`);
    });
    expect(missing).toEqual([]);
  });

  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.openApiPath}`, e.successStatus] as const))(
    '%s documents its %i answer with the rate-limit headers',
    (name, status) => {
      const op = operation(name);
      const success = Object.keys(op.responses ?? {}).filter((s) => Number(s) < 400);
      expect(success).toEqual([String(status)]);
      const response = resolve<OpenAPIV3_1.ResponseObject>(defined(defined(op.responses)[String(status)]));
      const idempotent = name.startsWith('POST') || name.startsWith('PATCH');
      expect(Object.keys(response.headers ?? {}).sort()).toEqual(
        [
          'X-RateLimit-Limit',
          'X-RateLimit-Remaining',
          'X-RateLimit-Reset',
          'X-Request-Id',
          ...(idempotent ? ['Idempotent-Replayed'] : []),
        ].sort(),
      );
      expect(response.content?.['application/json']?.schema).toBeTruthy();
    },
  );

  it.each([
    ['GET /ooo-sessions', { status: undefined, limit: 20, offset: 0, starting_after: undefined }],
    [
      'GET /emails',
      { session_id: undefined, category: undefined, limit: 50, offset: 0, starting_after: undefined },
    ],
    ['GET /playbooks', { session_id: undefined, limit: 20, offset: 0 }],
    ['GET /webhooks', { limit: 20, offset: 0 }],
    ['GET /webhooks/{id}/deliveries', { limit: 20, offset: 0 }],
  ] as const)('%s documents its query parameters and defaults', (name, expected) => {
    const params = (operation(name).parameters ?? []).map((p) => resolve<OpenAPIV3_1.ParameterObject>(p));
    const query = params.filter((p) => p.in === 'query');
    expect(query.map((p) => p.name).sort()).toEqual(Object.keys(expected).sort());
    for (const [paramName, defaultValue] of Object.entries(expected)) {
      const schema = resolve<Schema>(
        defined(
          query.find((p) => p.name === paramName),
          paramName,
        ).schema as Schema,
      );
      expect(schema.default, `${name} ${paramName}`).toBe(defaultValue);
    }
    const limit = resolve<Schema>(defined(query.find((p) => p.name === 'limit')).schema as Schema);
    expect(limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    const offset = resolve<Schema>(defined(query.find((p) => p.name === 'offset')).schema as Schema);
    expect(offset).toMatchObject({ type: 'integer', minimum: 0 });
    const status = query.find((p) => p.name === 'status');
    if (status) {
      expect(resolve<Schema>(status.schema as Schema).enum).toEqual([
        'scheduled',
        'active',
        'completed',
        'cancelled',
      ]);
    }
  });

  it('declares one described tag per tag the operations use, a license and a contact', () => {
    const used = new Set(operations(document).flatMap(({ operation: op }) => op.tags ?? []));
    expect(used.size).toBeGreaterThan(0);
    expect((document.tags ?? []).map((tag) => tag.name).sort()).toEqual([...used].sort());
    for (const tag of document.tags ?? []) expect(tag.description, tag.name).toMatch(/\S/);
    expect(document.info.license).toEqual({ name: 'Proprietary', identifier: 'LicenseRef-Proprietary' });
    expect(document.info.contact?.name).toBe('Drift');
    expect(() => new URL(defined(document.info.contact?.url))).not.toThrow();
  });

  it.each(operationNames())('%s declares X-Request-Id on every response', (name) => {
    const missing = Object.entries(operation(name).responses ?? {})
      .filter(
        ([, response]) => !('X-Request-Id' in (resolve<OpenAPIV3_1.ResponseObject>(response).headers ?? {})),
      )
      .map(([status]) => status);
    expect(missing).toEqual([]);
    const header = resolve<OpenAPIV3_1.HeaderObject>({ $ref: '#/components/headers/X-Request-Id' });
    expect(resolve<Schema>(defined(header.schema) as Schema).type).toBe('string');
  });

  it.each([
    ['GET /ooo-sessions', false],
    ['POST /ooo-sessions', true],
    ['GET /ooo-sessions/{id}', false],
    ['PATCH /ooo-sessions/{id}', true],
    ['DELETE /ooo-sessions/{id}', false],
    ['GET /emails', false],
    ['GET /playbooks', false],
    ['GET /webhooks', false],
    ['POST /webhooks', true],
    ['GET /webhooks/{id}', false],
    ['DELETE /webhooks/{id}', false],
    ['POST /webhooks/{id}/test', true],
    ['GET /webhooks/{id}/deliveries', false],
  ] as const)('%s declares Idempotency-Key and Idempotent-Replayed: %s', (name, idempotent) => {
    const op = operation(name);
    const key = (op.parameters ?? [])
      .map((p) => resolve<OpenAPIV3_1.ParameterObject>(p))
      .find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    const replaying = Object.entries(op.responses ?? {})
      .filter(
        ([, response]) =>
          'Idempotent-Replayed' in (resolve<OpenAPIV3_1.ResponseObject>(response).headers ?? {}),
      )
      .map(([status]) => status)
      .sort();
    if (!idempotent) {
      expect(key).toBeUndefined();
      expect(replaying).toEqual([]);
      return;
    }
    expect(key?.required ?? false).toBe(false);
    expect(resolve<Schema>(defined(key?.schema) as Schema)).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 255,
    });
    // Replayed: what the handler answered, never 401, 413, 429 or a 5xx.
    const success = Object.keys(op.responses ?? {}).filter((s) => Number(s) < 400);
    expect(replaying).toEqual(
      [
        ...success,
        ...Object.keys(op.responses ?? {}).filter((s) => ['400', '403', '404', '409'].includes(s)),
      ].sort(),
    );
  });

  it('documents the create and update bodies of the reference', () => {
    const bodySchema = (name: string) => {
      const body = resolve<OpenAPIV3_1.RequestBodyObject>(defined(operation(name).requestBody));
      return resolve<Schema>(defined(body.content['application/json']).schema as Schema);
    };
    const create = bodySchema('POST /ooo-sessions');
    expect(Object.keys(create.properties ?? {})).toEqual(
      expect.arrayContaining(['start_date', 'end_date', 'auto_reply_message']),
    );
    expect([...(create.required ?? [])].sort()).toEqual(['end_date', 'start_date']);
    const update = bodySchema('PATCH /ooo-sessions/{id}');
    expect(Object.keys(update.properties ?? {})).toEqual(
      expect.arrayContaining(['start_date', 'end_date', 'auto_reply_message', 'status']),
    );
    expect(update.required ?? []).toEqual([]);
  });

  it.each([
    ['POST /ooo-sessions', undefined, undefined],
    ['PATCH /ooo-sessions/{id}', ['cancelled', 'completed'], 1],
  ] as const)(
    '%s documents the status values and the minimum body the server accepts',
    (name, statuses, min) => {
      const body = resolve<OpenAPIV3_1.RequestBodyObject>(defined(operation(name).requestBody));
      const schema = resolve<Schema>(defined(body.content['application/json']).schema as Schema);
      const status = schema.properties?.status;
      expect(status && resolve<Schema>(status).enum).toEqual(statuses);
      expect(schema.minProperties).toBe(min);
    },
  );
});

describe('the document describes the real answers', () => {
  async function validatorFor(name: string, status: string) {
    const dereferenced = (await SwaggerParser.dereference(structuredClone(document) as never)) as Document;
    const [method, path] = name.split(' ') as [string, string];
    const op = defined(dereferenced.paths?.[path])[method.toLowerCase() as 'get'] as Operation;
    const response = defined(op.responses?.[status], `${name} ${status}`) as OpenAPIV3_1.ResponseObject;
    const schema = defined(response.content?.['application/json']?.schema, `${name} ${status} schema`);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    return ajv.compile(schema);
  }

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))(
    '%s: the success body matches its schema',
    async (name, endpoint) => {
      const { send } = await happyRequestOfNewTenant(fixture.server, endpoint);
      const response = await send({});
      expect(response.status).toBe(endpoint.successStatus);
      expect(response.headers.get('x-request-id'), 'the documented X-Request-Id').toBeTruthy();
      const validate = await validatorFor(name, String(endpoint.successStatus));
      expect(validate(response.body) ? [] : validate.errors).toEqual([]);
    },
  );

  function withoutRequestId(body: { error: { request_id?: string } }) {
    const { request_id: requestId, ...error } = body.error;
    expect(requestId, 'request_id').toEqual(expect.any(String));
    return { error };
  }

  const DAY = 86_400_000;
  const iso = (ms: number) => new Date(BASE_NOW.getTime() + ms).toISOString();
  /** For each operation, a request it answers with 400: the documented example must be that answer. */
  it.each([
    ['GET /ooo-sessions', async () => ({ method: 'GET', path: '/api/v1/ooo-sessions?limit=0' })],
    [
      'POST /ooo-sessions',
      async () => ({
        method: 'POST',
        path: '/api/v1/ooo-sessions',
        body: { start_date: iso(5 * DAY), end_date: iso(2 * DAY) },
      }),
    ],
    [
      'GET /ooo-sessions/{id}',
      async () => ({ method: 'GET', path: `/api/v1/ooo-sessions/${'s'.repeat(101)}` }),
    ],
    [
      'PATCH /ooo-sessions/{id}',
      async (accountId: string) => {
        const session = await buildSession(fixture.server.prisma, {
          accountId,
          startDate: new Date(iso(DAY)),
          endDate: new Date(iso(3 * DAY)),
        });
        return { method: 'PATCH', path: `/api/v1/ooo-sessions/${session.id}`, body: {} };
      },
    ],
    [
      'DELETE /ooo-sessions/{id}',
      async (accountId: string) => {
        const session = await buildSession(fixture.server.prisma, {
          accountId,
          startDate: new Date(iso(-DAY)),
          endDate: new Date(iso(3 * DAY)),
        });
        return { method: 'DELETE', path: `/api/v1/ooo-sessions/${session.id}` };
      },
    ],
    ['GET /emails', async () => ({ method: 'GET', path: '/api/v1/emails?category=spam' })],
    ['GET /playbooks', async () => ({ method: 'GET', path: '/api/v1/playbooks?offset=-1' })],
    ['GET /webhooks', async () => ({ method: 'GET', path: '/api/v1/webhooks?limit=0&offset=-1' })],
    [
      'POST /webhooks',
      async () => ({
        method: 'POST',
        path: '/api/v1/webhooks',
        body: { url: 'http://example.com/hooks/drift', events: ['email.urgent'] },
      }),
    ],
    ['GET /webhooks/{id}', async () => ({ method: 'GET', path: `/api/v1/webhooks/${'w'.repeat(101)}` })],
    [
      'DELETE /webhooks/{id}',
      async () => ({ method: 'DELETE', path: `/api/v1/webhooks/${'w'.repeat(101)}` }),
    ],
    [
      'POST /webhooks/{id}/test',
      async () => ({ method: 'POST', path: `/api/v1/webhooks/${'w'.repeat(101)}/test` }),
    ],
    [
      'GET /webhooks/{id}/deliveries',
      async () => ({ method: 'GET', path: `/api/v1/webhooks/${'w'.repeat(101)}/deliveries?limit=101` }),
    ],
  ] as const)('%s: its 400 example is an answer it really gives', async (name, make) => {
    const tenant = await buildTenant(fixture.server.prisma);
    const call: { method: string; path: string; body?: unknown } = await make(tenant.accountId);
    const response = await fixture.server.request(call.method as never, call.path, {
      key: tenant.key,
      ...(call.body !== undefined ? { body: call.body } : {}),
    });
    expect(response.status).toBe(400);
    const badRequest = resolve<OpenAPIV3_1.ResponseObject>(defined(operation(name).responses?.['400']));
    const example = defined(badRequest.content?.['application/json']?.examples?.VALIDATION_ERROR);
    // The request id differs per request; the body's is the response's X-Request-Id.
    expect(response.body.error.request_id).toBe(response.headers.get('x-request-id'));
    expect(withoutRequestId(resolve<OpenAPIV3_1.ExampleObject>(example).value)).toEqual(
      withoutRequestId(response.body),
    );
  });

  it('no two operations show the same 400 example, unless the id is all they can refuse', () => {
    type Example = { error: { message: string; details?: { fields?: { field: string }[] } } };
    const byMessage = new Map<string, { name: string; fields: string[] }[]>();
    for (const name of operationNames()) {
      const badRequest = resolve<OpenAPIV3_1.ResponseObject>(defined(operation(name).responses?.['400']));
      const example = defined(badRequest.content?.['application/json']?.examples?.VALIDATION_ERROR);
      const { error } = resolve<OpenAPIV3_1.ExampleObject>(example).value as Example;
      const fields = (error.details?.fields ?? []).map((f) => f.field);
      byMessage.set(error.message, [...(byMessage.get(error.message) ?? []), { name, fields }]);
    }
    // GET and DELETE /webhooks/{id} and POST .../test take nothing but the id: they refuse it alike.
    const shared = [...byMessage.values()].filter((operations) => operations.length > 1);
    for (const operations of shared) {
      for (const { name, fields } of operations) {
        expect(fields, name).toEqual(['id']);
        expect(operation(name).requestBody, name).toBeUndefined();
        const query = (operation(name).parameters ?? [])
          .map((p) => resolve<OpenAPIV3_1.ParameterObject>(p))
          .filter((p) => p.in === 'query');
        expect(query, name).toEqual([]);
      }
    }
    expect(shared.map((operations) => operations.map((o) => o.name).sort())).toEqual([
      ['DELETE /webhooks/{id}', 'GET /webhooks/{id}', 'POST /webhooks/{id}/test'],
    ]);
  });

  it('an error body matches the documented Error schema, and a wrong body would not', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const response = await fixture.server.request('GET', '/api/v1/ooo-sessions/sess_unknownunknown00000', {
      key: tenant.key,
    });
    expect(response.status).toBe(404);
    const validate = await validatorFor('GET /ooo-sessions/{id}', '404');
    expect(validate(response.body) ? [] : validate.errors).toEqual([]);
    expect(validate({ message: 'Not found', code: 'NOT_FOUND' })).toBe(false);
  });
});

describe('GET /api/docs', () => {
  it('serves an HTML page naming every operation', async () => {
    const response = await fixture.server.request('GET', '/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toMatch(/^<!doctype html>/i);
    const text = response.text
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#123;|&lbrace;/g, '{')
      .replace(/&#125;|&rbrace;/g, '}')
      .replace(/\s+/g, ' ');
    for (const endpoint of ENDPOINTS) {
      expect(text, endpoint.name).toContain(`${endpoint.method} /api/v1${endpoint.openApiPath}`);
    }
    expect(response.text).toContain('/api/v1/openapi.json');
  });

  it.each<[string, string | undefined, () => string]>([
    ['the address the client used', undefined, () => fixture.server.baseUrl],
    ['the Host header', 'api.example.test:8443', () => 'http://api.example.test:8443'],
    ['the default for a Host that is not a host', 'evil"><script>x', () => 'http://localhost:3000'],
  ])('its curl examples name %s', async (_what, host, origin) => {
    // fetch does not let a client choose its Host header; inject does.
    let text: string;
    if (host === undefined) {
      const response = await fetch(`${fixture.server.baseUrl}/api/docs`);
      expect(response.status).toBe(200);
      text = await response.text();
    } else {
      const response = await fixture.server.app.inject({
        method: 'GET',
        url: '/api/docs',
        headers: { host },
      });
      expect(response.statusCode).toBe(200);
      text = response.payload;
    }
    const curls = [...text.matchAll(/curl -X (\S+) (\S+)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(curls.sort()).toEqual(
      ENDPOINTS.map(
        (e) => `${e.method} ${origin()}/api/v1${e.openApiPath.replace('{id}', 'sess_abc123')}`,
      ).sort(),
    );
    expect(text).not.toContain('<script>');
  });
});
