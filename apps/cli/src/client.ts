import type { AppRouter } from '@drift/api';
import { createTRPCClient, httpLink } from '@trpc/client';

export type DriftClient = ReturnType<typeof createDriftClient>;

export function createDriftClient(serverUrl: string, adminToken: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${serverUrl}/trpc`, headers: { 'x-drift-admin-token': adminToken } })],
  });
}
