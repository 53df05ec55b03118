import type { PrismaClient, User } from '@drift/db';
import { constantTimeEqual, generateSecretToken, hashApiKey, newId } from '@drift/domain';
import { type Context, SESSION_COOKIE } from './context.ts';

/** A dashboard sign-in lasts two weeks; signing out ends it at once. */
export const WEB_SESSION_TTL_MS = 14 * 24 * 3_600_000;

export interface SignedIn {
  user: User;
  csrfToken: string;
}

/** The user behind a session cookie, or null when it is unknown or expired. */
export async function findSignedInUser(
  prisma: PrismaClient,
  token: string,
  now: Date,
): Promise<SignedIn | null> {
  const session = await prisma.webSession.findUnique({
    where: { tokenHash: hashApiKey(token) },
    include: { user: true },
  });
  if (!session || session.expiresAt <= now) return null;
  return { user: session.user, csrfToken: session.csrfToken };
}

export function csrfMatches(presented: string | undefined, expected: string): boolean {
  return presented !== undefined && constantTimeEqual(presented, expected);
}

function sessionCookie(ctx: Context, value: string, maxAgeSeconds: number): string {
  const secure = ctx.secureTransport ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/** Starts a session for the user: only the token's hash is stored, the token goes in the cookie. */
export async function signIn(ctx: Context, user: User): Promise<SignedIn> {
  const token = generateSecretToken(32);
  const csrfToken = generateSecretToken(24);
  const now = ctx.core.clock.now();
  await ctx.core.prisma.webSession.create({
    data: {
      id: newId('ws'),
      userId: user.id,
      tokenHash: hashApiKey(token),
      csrfToken,
      expiresAt: new Date(now.getTime() + WEB_SESSION_TTL_MS),
      createdAt: now,
    },
  });
  ctx.response.headers['Set-Cookie'] = sessionCookie(ctx, token, WEB_SESSION_TTL_MS / 1000);
  return { user, csrfToken };
}

export async function signOut(ctx: Context): Promise<void> {
  if (ctx.sessionToken) {
    await ctx.core.prisma.webSession.deleteMany({ where: { tokenHash: hashApiKey(ctx.sessionToken) } });
  }
  ctx.response.headers['Set-Cookie'] = sessionCookie(ctx, '', 0);
}
