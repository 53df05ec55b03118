// GET /api/v1/emails and GET /api/v1/playbooks over HTTP: the query string reaches the procedure,
// and answers carry the envelope. What the lists contain, and in what order, is asserted beside the
// procedures (packages/api/src/routers/emails.test.ts, playbooks.test.ts).
import { at, buildEmail, buildPlaybook, buildSession, days } from '@drift/api/testing';
import type { PrismaClient } from '@drift/db';
import { describe, expect, it } from 'vitest';
import { expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer({ tenant: true });

const get = (path: string) => fixture.server.request('GET', path, { key: fixture.tenant.key });
const ids = (response: { body: { data: { id: string }[] } }) => response.body.data.map((item) => item.id);

function pastSession(weeksAgo: number) {
  return buildSession(fixture.server.prisma, {
    accountId: fixture.tenant.accountId,
    startDate: at(BASE_NOW, -days(7 * weeksAgo)),
    endDate: at(BASE_NOW, -days(7 * weeksAgo - 5)),
  });
}

type ItemFactory = (
  prisma: PrismaClient,
  options: { accountId: string; sessionId: string; receivedAt?: Date; createdAt?: Date },
) => Promise<{ id: string }>;

/** Each list with its factory and the time it orders by, newest first. */
const LISTS: {
  path: string;
  defaultLimit: number;
  build: ItemFactory;
  orderedBy: 'receivedAt' | 'createdAt';
  /** What the pagination block has beyond the reference's four fields (emails also page by cursor). */
  cursor: { next_starting_after?: null };
}[] = [
  {
    path: '/api/v1/emails',
    defaultLimit: 50,
    build: buildEmail,
    orderedBy: 'receivedAt',
    cursor: { next_starting_after: null },
  },
  { path: '/api/v1/playbooks', defaultLimit: 20, build: buildPlaybook, orderedBy: 'createdAt', cursor: {} },
];

describe.each(LISTS)('GET $path', ({ path, defaultLimit, build, orderedBy, cursor }) => {
  const itemOf = (sessionId: string, daysAgo: number) =>
    build(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      sessionId,
      [orderedBy]: at(BASE_NOW, -days(daysAgo)),
    });

  it('reads limit, offset and session_id from the query string', async () => {
    const [older, newer] = [await pastSession(4), await pastSession(2)];
    const oldest = await itemOf(older.id, 25);
    const newest = await itemOf(newer.id, 10);
    const page = await get(`${path}?limit=1&offset=1`);
    expect(page.status).toBe(200);
    expect(ids(page)).toEqual([oldest.id]);
    expect(page.body.pagination).toEqual({ total: 2, limit: 1, offset: 1, has_more: false, ...cursor });
    expect(ids(await get(`${path}?session_id=${newer.id}`))).toEqual([newest.id]);
  });

  it('a session of the account without items lists nothing (200, not 404)', async () => {
    const session = await pastSession(1);
    const response = await get(`${path}?session_id=${session.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [],
      pagination: { total: 0, limit: defaultLimit, offset: 0, has_more: false, ...cursor },
    });
  });

  it('404 NOT_FOUND for an unknown session_id', async () => {
    expectError(
      await get(`${path}?session_id=sess_unknownunknown00000`),
      404,
      'NOT_FOUND',
      'OOO session not found',
    );
  });
});

it('GET /api/v1/emails reads category from the query string, alone and with session_id', async () => {
  const [a, b] = [await pastSession(4), await pastSession(2)];
  const fyi = [];
  for (const session of [a, b]) {
    for (const category of ['fyi', 'urgent'] as const) {
      const email = await buildEmail(fixture.server.prisma, {
        accountId: fixture.tenant.accountId,
        sessionId: session.id,
        category,
      });
      if (category === 'fyi') fyi.push(email.id);
    }
  }
  expect(ids(await get('/api/v1/emails?category=fyi')).sort()).toEqual(fyi.sort());
  const both = await get(`/api/v1/emails?category=fyi&session_id=${b.id}`);
  expect(both.body.data).toMatchObject([{ category: 'fyi', session_id: b.id }]);
});
