import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Paths that belong to the server, never to the dashboard's client-side routes. */
export const API_PATHS = /^\/(?:api|trpc|inbound|healthz)(?:[/?]|$)/;

/**
 * What a browser needs to keep the dashboard from being framed, sniffed or fed foreign scripts.
 * A message is shown in a sandboxed `<iframe srcdoc>`, which inherits this policy: its inline
 * styles need 'unsafe-inline' in style-src (already there for the dashboard's own styles), and the
 * images the owner asks to load need https: in img-src. Scripts stay 'self' only.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

/** Serves the built dashboard when it exists; the API works without it. */
export async function registerDashboard(
  app: FastifyInstance,
  distDir: string | undefined,
): Promise<{ sendIndex(reply: FastifyReply): FastifyReply } | null> {
  if (!distDir || !existsSync(join(distDir, 'index.html'))) return null;
  const index = await readFile(join(distDir, 'index.html'), 'utf8');
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    wildcard: false,
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    },
  });
  return {
    sendIndex: (reply) => reply.headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(index),
  };
}
