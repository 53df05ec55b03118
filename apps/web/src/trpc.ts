import type { AppRouter } from '@drift/api';
import { HEADERS } from '@drift/contract';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type DriftCode, driftCodeOf } from './lib/errors.ts';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/**
 * The CSRF token of the signed-in session, from `auth.signIn` or `auth.me`. Kept in memory only:
 * every mutation echoes it in `x-drift-csrf`; a cross-site page can make the browser send the
 * cookie but cannot read this.
 */
let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function getCsrfToken(): string {
  return csrfToken;
}

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createDriftClient(url = '/trpc') {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url,
        headers: () => (csrfToken ? { [HEADERS.csrfToken]: csrfToken } : {}),
        fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }),
      }),
    ],
  });
}

/** Codes for which asking again gives the same answer. */
const FINAL_CODES = new Set<string>([
  'UNAUTHORIZED',
  'INVALID_API_KEY',
  'INSUFFICIENT_SCOPE',
  'FEATURE_NOT_AVAILABLE',
  'NOT_FOUND',
  'VALIDATION_ERROR',
  'CONFLICT',
] satisfies DriftCode[]);

/** Whether a query key is `auth.me`'s (`[["auth","me"], {...}]`). */
export function isMeKey(key: readonly unknown[]): boolean {
  const path = key[0];
  return Array.isArray(path) && path[0] === 'auth' && path[1] === 'me';
}

/**
 * When any call says the session is gone (expired, signed out elsewhere, or a stale CSRF token),
 * `auth.me` is asked again while the shell is signed in, which shows the sign-in form if nobody is.
 * Signed out already (no `me` data), nothing happens: a wrong password must not reset the form.
 */
export function createQueryClient(): QueryClient {
  const handle = (error: unknown) => {
    if (driftCodeOf(error) !== 'UNAUTHORIZED') return;
    void client.invalidateQueries({ predicate: (q) => isMeKey(q.queryKey) && q.state.data !== undefined });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // auth.me failing is how the shell learns it is signed out: not a reason to ask again.
        if (!isMeKey(query.queryKey)) handle(error);
      },
    }),
    mutationCache: new MutationCache({ onError: handle }),
    defaultOptions: {
      // Offline, React Query would pause without a word ("Loading…" for ever, "Saving…" for ever):
      // trying anyway fails at once, which the pages show as "Cannot reach Drift".
      queries: {
        networkMode: 'always',
        staleTime: 10_000,
        retry: (failures, error) => !FINAL_CODES.has(driftCodeOf(error) ?? '') && failures < 2,
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
  return client;
}

/**
 * "Retry" on a load that cannot reach the server: a query waiting for an answer or for its next
 * attempt would only be joined by refetch(), so those without data are cancelled and asked again.
 */
export async function retryStuckQueries(client: QueryClient): Promise<void> {
  const stuck = (query: { state: { status: string; fetchStatus: string } }) =>
    query.state.status !== 'success' && query.state.fetchStatus !== 'idle';
  const keys = client
    .getQueryCache()
    .findAll({ predicate: stuck })
    .map((query) => query.queryKey);
  await Promise.all(keys.map((queryKey) => client.cancelQueries({ queryKey, exact: true })));
  await Promise.all(keys.map((queryKey) => client.refetchQueries({ queryKey, exact: true })));
}
