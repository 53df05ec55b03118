import { randomUUID } from 'node:crypto';
import {
  appRouter,
  buildOpenApiDocument,
  type ContextDeps,
  createContext,
  originalCause,
  type RequestFacts,
  responseMetaFor,
} from '@drift/api';
import { HEADERS } from '@drift/contract';
import type { TRPCError } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { fastifyTRPCOpenApiPlugin } from 'trpc-to-openapi';
import { registerApiKeyGate } from './api-key-gate.ts';
import { API_PATHS, registerDashboard } from './dashboard.ts';
import { docsPage, requestOrigin } from './docs-page.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerInboundRoute } from './inbound-route.ts';
import {
  clientErrorHandler,
  envelope,
  fastifyErrorEnvelope,
  jsonDepthExceeds,
  MAX_JSON_DEPTH,
  stampRequestId,
  toErrorEnvelope,
  withRequestId,
} from './rest-envelope.ts';

declare module 'fastify' {
  interface FastifyRequest {
    driftFacts: RequestFacts;
    /** The path as the client sent it: trpc-to-openapi rewrites the raw URL under /api/v1. */
    driftPath: string;
  }
}

export interface ServerOptions extends ContextDeps {
  logLevel?: string;
  /** Checked by /healthz; resolves when the database answers. */
  pingDatabase: () => Promise<void>;
  /** The built dashboard (apps/web/dist); served at / when present. */
  webDistDir?: string;
  /** Where the logger writes; tests pass a stream to read the log lines. */
  logStream?: NodeJS.WritableStream;
}

const API_PREFIX = '/api/v1';

/** The route template for the log: the procedure's own for API calls, Fastify's for the rest. */
function routeOf(request: FastifyRequest): string | null {
  const { procedure, restPath } = request.driftFacts ?? {};
  if (restPath && request.driftPath.startsWith(API_PREFIX)) return `${API_PREFIX}${restPath}`;
  if (procedure) return `/trpc/${procedure}`;
  return request.routeOptions.url ?? null;
}

/** Fastify's error handler under /api/v1 and at the root: any error as the envelope, 5xx logged. */
function sendErrorEnvelope(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = fastifyErrorEnvelope(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.status(status).send(body);
}

const JSON_BODY_LIMIT = 1024 * 1024;

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { logLevel = 'info', pingDatabase, logStream, webDistDir, ...deps } = options;
  const app = Fastify({
    logger: logStream ? { level: logLevel, stream: logStream } : { level: logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: JSON_BODY_LIMIT,
    return503OnClosing: true,
    // trpc-to-openapi answers HEAD with 204 before any authentication; HEAD is not part of the API.
    exposeHeadRoutes: false,
    // Requests Node's parser refuses (e.g. a URL over 16 KB) are answered with the envelope too.
    clientErrorHandler,
    // A URL with broken percent-encoding fails before routing, so outside the /api/v1 error hooks.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const { status, body } = fastifyErrorEnvelope(error);
      reply.status(status).send(body);
    },
  });

  // Fastify's own JSON parser (with its prototype-poisoning checks), plus a nesting limit: a body
  // thousands of levels deep overflowed the stack when tRPC re-serialised it, a 500 (fuzz finding).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error);
      if (jsonDepthExceeds(value)) {
        const tooDeep = new Error(`Request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`);
        return done(Object.assign(tooDeep, { statusCode: 400 }));
      }
      done(null, value);
    });
  });

  app.decorateRequest('driftFacts', null as unknown as RequestFacts);
  app.decorateRequest('driftPath', '');
  app.addHook('onRequest', (request, reply, done) => {
    request.driftFacts = {};
    const query = request.url.indexOf('?');
    request.driftPath = query === -1 ? request.url : request.url.slice(0, query);
    reply.header(HEADERS.requestId, request.id);
    done();
  });
  // Every error envelope, whichever route or handler wrote it, names the request it answers.
  // Synchronous: trpc-to-openapi's handler resolves while onSend hooks run, and each async hook
  // widens the window in which Fastify sends the reply a second time, empty.
  app.addHook('onSend', (request, reply, payload, done) => {
    done(null, reply.statusCode < 400 ? payload : stampRequestId(payload, request.id));
  });
  app.addHook('onResponse', (request, reply, done) => {
    // One line per request; deliberately no headers, query secrets or bodies.
    request.log.info(
      {
        method: request.method,
        route: routeOf(request),
        // The inbound token is a secret: such routes are logged by their template only.
        path: request.routeOptions.url?.includes(':token') ? request.routeOptions.url : request.driftPath,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
        keyId: request.driftFacts?.keyId ?? null,
      },
      'request',
    );
    done();
  });

  const contextFor =
    (surface: 'rest' | 'trpc') =>
    ({ req }: { req: FastifyRequest }) =>
      createContext(deps, req.headers, req.driftFacts, {
        surface,
        secureTransport: req.protocol === 'https',
        requestId: req.id,
        ...(req.driftKeyAuthentication && { keyAuthentication: req.driftKeyAuthentication }),
      });
  const onError = ({ error, req }: { error: TRPCError; req: unknown }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE') {
      (req as FastifyRequest).log.error({ err: originalCause(error) }, 'procedure failed');
    }
  };

  await app.register(
    async (api) => {
      api.setErrorHandler(sendErrorEnvelope);
      api.setNotFoundHandler((_request, reply) =>
        reply.status(404).send(envelope('NOT_FOUND', 'Route not found')),
      );
      registerApiKeyGate(api, deps, API_PREFIX);
      api.addHook('onSend', (request, reply, payload, done) => {
        if (reply.statusCode < 400) return done(null, payload);
        const { status, body } = toErrorEnvelope(reply.statusCode, payload);
        reply.status(status).header('content-type', 'application/json; charset=utf-8');
        done(null, JSON.stringify(withRequestId(body, request.id)));
      });
      // A POST without a body (POST /webhooks/{id}/test) is an empty JSON object; trpc-to-openapi
      // would otherwise refuse it for the Content-Type it does not need.
      api.addHook('preValidation', (request, _reply, done) => {
        if (
          request.method === 'POST' &&
          request.body == null &&
          request.headers['content-type'] === undefined
        ) {
          request.headers['content-type'] = 'application/json';
          request.body = {};
        }
        done();
      });
      registerIdempotency(api, deps);

      const document = buildOpenApiDocument({ baseUrl: API_PREFIX });
      api.get('/openapi.json', async () => document);
      await api.register(fastifyTRPCOpenApiPlugin, {
        router: appRouter,
        createContext: contextFor('rest'),
        responseMeta: responseMetaFor,
        onError,
      });
    },
    { prefix: API_PREFIX },
  );

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: contextFor('trpc'),
      responseMeta: responseMetaFor,
      onError,
    },
  });

  await registerInboundRoute(app, deps);

  // The curl examples name the origin the reader reached us at.
  const docsPageAt = docsPage(buildOpenApiDocument({ baseUrl: API_PREFIX }));
  app.get('/api/docs', async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(docsPageAt(requestOrigin(request))),
  );

  // Outside /api/v1 and /inbound too (e.g. `POST /` with an odd Content-Type), errors are the envelope.
  app.setErrorHandler(sendErrorEnvelope);

  const dashboard = await registerDashboard(app, webDistDir);
  app.setNotFoundHandler((request, reply) => {
    // The dashboard routes on the client: unknown page paths get its index, API paths the envelope.
    if (dashboard && request.method === 'GET' && !API_PATHS.test(request.url))
      return dashboard.sendIndex(reply);
    return reply.status(404).send(envelope('NOT_FOUND', 'Route not found'));
  });

  app.get('/healthz', async (_request, reply) => {
    try {
      await pingDatabase();
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  return app;
}
