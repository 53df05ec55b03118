import { createHash } from 'node:crypto';
import { HEADERS } from '@drift/contract';
import { isUniqueViolation, type PrismaClient } from '@drift/db';
import { type Clock, newId } from '@drift/domain';
import type { FastifyInstance } from 'fastify';
import { envelope } from './rest-envelope.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyRowId?: string;
    idempotencySlot?: string;
  }
}

/** Stripe keeps the first response 24 hours; so do we. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const KEY_MAX_LENGTH = 255;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Statuses worth replaying. A failed authentication or a rate-limit refusal says nothing about
 * the operation, and a 5xx may not have happened at all: the client's retry must run again.
 */
const replayable = (status: number) => status < 500 && status !== 401 && status !== 429;

/**
 * `Idempotency-Key` on POST and PATCH under /api/v1: the first response is stored and replayed
 * for 24 hours to the same client (scoped by its Authorization header), so a retry after a
 * timeout never creates two sessions; the same key with a different request is refused.
 */
export function registerIdempotency(
  api: FastifyInstance,
  deps: { prisma: PrismaClient; clock: Clock },
): void {
  const { prisma, clock } = deps;
  // Responses being stored, by scope and key: a retry reaching this instance waits for them.
  const storing = new Map<string, Promise<unknown>>();

  api.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' && request.method !== 'PATCH') return;
    const key = request.headers[HEADERS.idempotencyKey.toLowerCase()];
    if (key === undefined) return;
    if (typeof key !== 'string' || key.length === 0 || key.length > KEY_MAX_LENGTH) {
      return reply
        .status(400)
        .send(envelope('VALIDATION_ERROR', `Idempotency-Key must be 1 to ${KEY_MAX_LENGTH} characters`));
    }
    const scope = sha256(request.headers.authorization ?? '');
    const fingerprint = {
      method: request.method,
      path: request.url,
      requestHash: sha256(JSON.stringify(request.body ?? null)),
    };
    await storing.get(`${scope}:${key}`);
    const now = clock.now();
    await prisma.idempotencyKey.deleteMany({
      where: { scope, key, createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } },
    });
    try {
      const row = await prisma.idempotencyKey.create({
        data: { id: newId('idem'), scope, key, ...fingerprint, createdAt: now },
      });
      request.idempotencyRowId = row.id;
      request.idempotencySlot = `${scope}:${key}`;
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const first = await prisma.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
    if (!first) {
      return reply
        .status(409)
        .send(envelope('CONFLICT', 'Idempotency-Key is being reused too fast; retry shortly'));
    }
    if (
      first.method !== fingerprint.method ||
      first.path !== fingerprint.path ||
      first.requestHash !== fingerprint.requestHash
    ) {
      return reply
        .status(400)
        .send(envelope('VALIDATION_ERROR', 'Idempotency-Key was already used with a different request'));
    }
    if (first.status === null) {
      return reply
        .status(409)
        .send(
          envelope('CONFLICT', 'A request with this Idempotency-Key is still being processed; retry shortly'),
        );
    }
    return reply
      .status(first.status)
      .header(HEADERS.idempotentReplayed, 'true')
      .type('application/json; charset=utf-8')
      .send(first.responseBody ?? '');
  });

  // Registered after the error-envelope hook, so what is stored is exactly what the client got.
  // Synchronous, the write not awaited: the client's answer does not wait on storing it, and
  // most responses carry no key and need no promise here.
  api.addHook('onSend', (request, reply, payload, done) => {
    const id = request.idempotencyRowId;
    const slot = request.idempotencySlot;
    if (!id || !slot || typeof payload !== 'string') return done(null, payload);
    request.idempotencyRowId = undefined;
    const write = (
      replayable(reply.statusCode)
        ? prisma.idempotencyKey.update({
            where: { id },
            data: { status: reply.statusCode, responseBody: payload },
          })
        : prisma.idempotencyKey.deleteMany({ where: { id } })
    )
      .catch((error: unknown) => request.log.error({ err: error }, 'could not store the idempotent response'))
      .finally(() => storing.delete(slot));
    storing.set(slot, write);
    done(null, payload);
  });
}
