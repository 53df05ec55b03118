import type { AppRouter } from '@drift/api';
import { HEADERS } from '@drift/contract';
import { createTRPCClient, httpLink } from '@trpc/client';

export type DriftClient = ReturnType<typeof createDriftClient>;

export function createDriftClient(serverUrl: string, adminToken: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${serverUrl}/trpc`, headers: { [HEADERS.adminToken]: adminToken } })],
  });
}
