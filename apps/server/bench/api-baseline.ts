/**
 * The baseline of `pnpm bench:api`: a bare Fastify instance answering each scenario with the
 * straightforward Prisma queries for the same data (counting rows, grouping emails for stats,
 * reading one after the other, a bare keyset query for a cursor page), without tRPC, REST layer,
 * authentication, rate limit, input/output validation, serializers, the error envelope or the
 * request log. The API's own query plan may be cheaper (counters, reads side by side): the ratio
 * then shows that gain net of the layers' cost.
 */
import { findApiKeyByHash } from '@drift/api';
import type { PrismaClient } from '@drift/db';
import { hashApiKey, newId } from '@drift/domain';
import Fastify, { type FastifyInstance } from 'fastify';

/** session-stats.ts: one groupBy over the listed sessions. */
async function stats(prisma: PrismaClient, sessionIds: string[]) {
  if (sessionIds.length === 0) return [];
  return prisma.email.groupBy({
    by: ['sessionId', 'category'],
    where: { sessionId: { in: sessionIds } },
    _count: { _all: true },
  });
}

async function detailOf(prisma: PrismaClient, sessionId: string) {
  const session = await prisma.oooSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: { playbook: true },
  });
  return { session, stats: await stats(prisma, [session.id]) };
}

const int = (value: unknown, fallback: number) => (value === undefined ? fallback : Number(value));

export async function buildBaseline(prisma: PrismaClient, accountId: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));

  const listSessions = async (query: Record<string, string>) => {
    const limit = int(query.limit, 20);
    const offset = int(query.offset, 0);
    const where = { accountId };
    const [total, sessions] = await Promise.all([
      prisma.oooSession.count({ where }),
      prisma.oooSession.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit,
        include: { playbook: { select: { id: true } } },
      }),
    ]);
    const groups = await stats(
      prisma,
      sessions.map((s) => s.id),
    );
    return { data: sessions, stats: groups, pagination: { total, limit, offset } };
  };
  app.get('/sessions', async (request) => listSessions(request.query as Record<string, string>));

  // The same, after the API key lookup the API's authentication runs (@drift/api's authenticateApiKey, same query):
  // isolates the cost of that extra round trip to the database.
  app.get('/keyed/sessions', async (request, reply) => {
    const token = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const key = await findApiKeyByHash(prisma, hashApiKey(token));
    if (!key || key.revokedAt) return reply.status(401).send({ error: 'invalid key' });
    return listSessions(request.query as Record<string, string>);
  });

  app.get('/sessions/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const own = await prisma.oooSession.findFirst({ where: { id, accountId } });
    if (!own) return reply.status(404).send({ error: 'not found' });
    return detailOf(prisma, own.id);
  });

  app.get('/emails', async (request, reply) => {
    const query = request.query as Record<string, string>;
    const limit = int(query.limit, 50);
    const offset = int(query.offset, 0);
    const sessionId = query.session_id;
    if (sessionId) {
      const owned = await prisma.oooSession.count({ where: { id: sessionId, accountId } });
      if (owned === 0) return reply.status(404).send({ error: 'not found' });
    }
    const where = { accountId, ...(sessionId && { sessionId }) };
    const order = [{ receivedAt: 'desc' as const }, { id: 'desc' as const }];
    const startingAfter = query.starting_after;
    if (startingAfter) {
      // A bare keyset page (no total): the cursor row's sort key, then the rows after it in list
      // order, one more than the limit to know whether more follow.
      const anchor = await prisma.email.findFirst({
        where: { id: startingAfter, accountId },
        select: { receivedAt: true },
      });
      if (!anchor) return reply.status(400).send({ error: 'unknown cursor' });
      const more = await prisma.email.findMany({
        where: {
          ...where,
          receivedAt: { lte: anchor.receivedAt },
          OR: [{ receivedAt: { lt: anchor.receivedAt } }, { id: { lt: startingAfter } }],
        },
        orderBy: order,
        take: limit + 1,
      });
      const emails = more.slice(0, limit);
      const hasMore = more.length > limit;
      return {
        data: emails,
        pagination: {
          limit,
          has_more: hasMore,
          next_starting_after: hasMore ? (emails.at(-1)?.id ?? null) : null,
        },
      };
    }
    const [total, emails] = await Promise.all([
      prisma.email.count({ where }),
      prisma.email.findMany({
        where,
        orderBy: order,
        skip: offset,
        take: limit,
      }),
    ]);
    return { data: emails, pagination: { total, limit, offset } };
  });

  app.post('/sessions', async (request, reply) => {
    const body = request.body as { start_date: string; end_date: string };
    const now = new Date();
    const startDate = new Date(body.start_date);
    const endDate = new Date(body.end_date);
    const overlapping = await prisma.oooSession.findMany({
      where: { accountId, cancelledAt: null, startDate: { lt: endDate }, endDate: { gt: startDate } },
      select: { id: true, startDate: true, endDate: true, cancelledAt: true },
      orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
      take: 2,
    });
    if (overlapping.length > 0) return reply.status(409).send({ error: 'overlap' });
    const created = await prisma.oooSession.create({
      data: {
        id: newId('sess'),
        accountId,
        startDate,
        endDate,
        returnDate: new Date(endDate.getTime() + 86_400_000),
        autoReplyMessage: null,
        createdAt: now,
        updatedAt: now,
      },
    });
    const detail = await detailOf(prisma, created.id);
    return reply.status(201).send({ id: created.id, ...detail });
  });

  app.delete('/sessions/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const now = new Date();
    const session = await prisma.oooSession.findFirst({ where: { id, accountId } });
    if (!session) return reply.status(404).send({ error: 'not found' });
    const { count } = await prisma.oooSession.deleteMany({
      where: { id: session.id, accountId, startDate: { gt: now }, cancelledAt: null },
    });
    if (count === 0) return reply.status(409).send({ error: 'conflict' });
    return { id: session.id, deleted: true };
  });

  return app;
}
