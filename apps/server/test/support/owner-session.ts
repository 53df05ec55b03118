import { hashPassword, newId } from '@drift/domain';
import { expect } from 'vitest';
import { callTrpc, type TrpcCall } from './http.ts';
import type { Json, TestServer } from './server.ts';

/** A dashboard sign-in: its session cookie and the CSRF token mutations echo. */
export interface OwnerSession {
  cookie: string;
  csrf: string;
}

const PASSWORD = 'correct horse battery staple';

/** A new dashboard user of the account, signed in. */
export async function signInOwner(server: TestServer, accountId: string): Promise<OwnerSession> {
  const email = `${newId('usr').toLowerCase()}@example.test`;
  await server.prisma.user.create({
    data: { id: newId('usr'), accountId, email, name: 'Alex', passwordHash: await hashPassword(PASSWORD) },
  });
  const result = await callTrpc(server.baseUrl, 'mutation', 'auth.signIn', { email, password: PASSWORD });
  return { cookie: result.setCookie?.split(';')[0] ?? '', csrf: result.body.result.data.csrf_token };
}

/** A tRPC call as the dashboard makes it for `owner`; signed out with null. */
export function callAsOwner(
  server: TestServer,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  owner: OwnerSession | null,
): Promise<TrpcCall> {
  const headers: Record<string, string> = owner ? { cookie: owner.cookie, 'x-drift-csrf': owner.csrf } : {};
  return callTrpc(server.baseUrl, kind, path, input, headers);
}

/** The call's data, which must have succeeded. */
export async function okAsOwner(
  server: TestServer,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  owner: OwnerSession,
): Promise<Json> {
  const result = await callAsOwner(server, kind, path, input, owner);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.result.data;
}

/** The three as a suite uses them, on the fixture's current server. */
export function ownerCalls(server: () => TestServer) {
  return {
    signedIn: (accountId: string) => signInOwner(server(), accountId),
    call: (kind: 'query' | 'mutation', path: string, input: unknown, owner: OwnerSession | null) =>
      callAsOwner(server(), kind, path, input, owner),
    ok: (kind: 'query' | 'mutation', path: string, input: unknown, owner: OwnerSession) =>
      okAsOwner(server(), kind, path, input, owner),
  };
}
