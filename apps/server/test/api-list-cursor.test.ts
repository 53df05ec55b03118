// `?starting_after=` over REST on the two lists that page by cursor: the query reaches the
// procedure, `pagination.next_starting_after` walks the list, and the 400s carry field details.
// What the pages contain under each filter is asserted beside the procedures
// (packages/api/src/routers/list-pages.test.ts).
import { at, buildAccount, buildEmail, buildSession, days } from '@drift/api/testing';
import { newId } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer({ tenant: true });

const get = (path: string, key = fixture.tenant.key) => fixture.server.request('GET', path, { key });
const ids = (response: { body: { data: { id: string }[] } }) => response.body.data.map((item) => item.id);

/** Seven sessions of the tenant, each with one email: the rows of both lists. */
async function rows(accountId = fixture.tenant.accountId) {
  const emails: string[] = [];
  const sessions: string[] = [];
  for (let i = 0; i < 7; i += 1) {
    const session = await buildSession(fixture.server.prisma, {
      accountId,
      startDate: at(BASE_NOW, -days(40 - 5 * i)),
      endDate: at(BASE_NOW, -days(37 - 5 * i)),
      createdAt: at(BASE_NOW, -days(50 - i)),
    });
    sessions.push(session.id);
    const email = await buildEmail(fixture.server.prisma, {
      accountId,
      sessionId: session.id,
      receivedAt: at(BASE_NOW, -days(39 - 5 * i)),
    });
    emails.push(email.id);
  }
  return { '/api/v1/emails': emails, '/api/v1/ooo-sessions': sessions };
}

const LISTS = ['/api/v1/emails', '/api/v1/ooo-sessions'] as const;

describe.each(LISTS)('GET %s?starting_after=', (path) => {
  it('walks the list page by page with next_starting_after, as one big page lists it', async () => {
    await rows();
    const all = ids(await get(`${path}?limit=100`));
    expect(all).toHaveLength(7);
    const walked: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const response = await get(`${path}?limit=3${next ? `&starting_after=${next}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.pagination).toMatchObject({ total: 7, limit: 3, offset: next ? null : 0 });
      walked.push(...ids(response));
      next = response.body.pagination.next_starting_after;
      pages += 1;
    } while (next && pages < 10);
    expect(pages).toBe(3);
    expect(walked).toEqual(all);
  });

  it('400 VALIDATION_ERROR with field details for a non-zero offset beside starting_after', async () => {
    const id = (await rows())[path][0];
    const message = 'starting_after cannot be combined with a non-zero offset';
    const response = await get(`${path}?offset=3&starting_after=${id}`);
    expectError(response, 400, 'VALIDATION_ERROR', message);
    expect(response.body.error.details).toEqual({ fields: [{ field: 'starting_after', message }] });
  });

  it.each([
    ['an unknown id', async () => newId(path === '/api/v1/emails' ? 'em' : 'sess')],
    [
      "another account's row",
      async () => (await rows((await buildAccount(fixture.server.prisma)).id))[path][0] ?? '',
    ],
  ])('400 VALIDATION_ERROR "not found" for %s', async (_case, idOf) => {
    const id = await idOf();
    const message = `starting_after ${id} not found`;
    const response = await get(`${path}?starting_after=${id}`);
    expectError(response, 400, 'VALIDATION_ERROR', message);
    expect(response.body.error.details).toEqual({ fields: [{ field: 'starting_after', message }] });
  });
});
