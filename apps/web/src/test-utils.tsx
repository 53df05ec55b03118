import type { AppRouter } from '@drift/api';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { ReactNode } from 'react';
import { AccountProvider, type Me } from './account.tsx';
import { AnnouncerProvider } from './components/announcer.tsx';
import type { ErrorDetails } from './lib/errors.ts';
import { createQueryClient, TRPCProvider } from './trpc.ts';

/** A procedure's fake: returns the data, or throws what `apiError` makes. */
export type Handlers = Record<string, (input: unknown) => unknown>;

/**
 * An error as the API sends it: readable message, our code in `data.driftCode`, the fields and the
 * conflicting session in `data.details` (null when there are none).
 */
export function apiError(driftCode: string, message: string, details: ErrorDetails | null = null) {
  return TRPCClientError.from({
    error: {
      message,
      code: -32600,
      data: { driftCode, code: 'BAD_REQUEST', requestId: 'req_test', details },
    },
  });
}

/** A tRPC link answering from `handlers` in memory: no fetch, no server. */
function memoryLink(handlers: Handlers, calls: { path: string; input: unknown }[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const handler = handlers[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw apiError('NOT_FOUND', `no fake for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) =>
              observer.error(error instanceof TRPCClientError ? error : TRPCClientError.from(error as Error)),
          );
      });
}

export const ME: Me = {
  user: { id: 'usr_1', email: 'ana@example.com', name: 'Ana' },
  account: {
    id: 'acct_1',
    name: 'Ana Co',
    email: 'ana@example.com',
    plan: 'team_growth',
    timezone: 'Europe/Berlin',
  },
  csrf_token: 'csrf_1',
};

export function renderWithApi(ui: ReactNode, handlers: Handlers, { me = ME as Me | null } = {}) {
  const calls: { path: string; input: unknown }[] = [];
  const queryClient = createQueryClient();
  const trpcClient = createTRPCClient<AppRouter>({ links: [memoryLink(handlers, calls)] });
  const tree = (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {me ? (
          <AccountProvider value={me}>
            <AnnouncerProvider>{ui}</AnnouncerProvider>
          </AccountProvider>
        ) : (
          ui
        )}
      </TRPCProvider>
    </QueryClientProvider>
  );
  return { ...render(tree), calls, queryClient };
}

/** A promise to settle later, to look at the page while a call is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
