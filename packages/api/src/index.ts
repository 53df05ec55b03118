// The transport: tRPC procedures (served as REST under /api/v1 too), their context, errors and
// response metadata. The application services they call live in @drift/core.
export {
  type AuthenticatedKey,
  authenticateApiKey,
  findApiKeyByHash,
  type KeyAuthentication,
  rateLimitExceeded,
  rateLimitHeaders,
} from './api-key-auth.ts';
export {
  ADMIN_TOKEN_HEADER,
  type Context,
  type ContextDeps,
  createContext,
  type RequestFacts,
} from './context.ts';
export { originalCause, restErrorOf, toTRPCError } from './errors.ts';
export { buildOpenApiDocument } from './openapi.ts';
export { responseMetaFor } from './response-meta.ts';
export { type AppRouter, appRouter, createCaller } from './router.ts';
