// Overlap under concurrency: the database constraint, not the friendly pre-check, is what holds.

import { at, buildSession, buildTenant, days } from '@drift/api/testing';
import { describe, expect, it } from 'vitest';
import { defined, expectError, SESSION_ID } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer();

const CONCURRENT = 50;
const CONFLICT_MESSAGE =
  /^(Overlaps OOO session sess_[0-9A-Za-z]{20} \(\S+ to \S+\)|The dates overlap another OOO session of this account)$/;

async function createAll(key: string, bodies: { start_date: string; end_date: string }[]) {
  return Promise.all(
    bodies.map((body) => fixture.server.request('POST', '/api/v1/ooo-sessions', { key, body })),
  );
}

function expectExactlyOneCreated(responses: Awaited<ReturnType<typeof createAll>>) {
  const created = responses.filter((r) => r.status === 201);
  const refused = responses.filter((r) => r.status !== 201);
  expect({ created: created.length, refused: refused.length }).toEqual({
    created: 1,
    refused: CONCURRENT - 1,
  });
  for (const response of refused) {
    // The friendly pre-check names the other session; a request that passed it loses to the
    // database constraint instead, whose message cannot name it.
    expectError(response, 409, 'CONFLICT', CONFLICT_MESSAGE);
  }
  const winner = defined(created[0]).body;
  expect(winner.id).toMatch(SESSION_ID);
  return winner;
}

describe(`${CONCURRENT} concurrent overlapping creates`, () => {
  it('of the same dates: exactly one succeeds, the others are 409 CONFLICT', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const body = {
      start_date: at(BASE_NOW, days(3)).toISOString(),
      end_date: at(BASE_NOW, days(8)).toISOString(),
    };
    const winner = expectExactlyOneCreated(
      await createAll(
        tenant.key,
        Array.from({ length: CONCURRENT }, () => body),
      ),
    );
    const rows = await fixture.server.prisma.oooSession.findMany({ where: { accountId: tenant.accountId } });
    expect(rows.map((r) => r.id)).toEqual([winner.id]);
    const list = await fixture.server.request('GET', '/api/v1/ooo-sessions', { key: tenant.key });
    expect(list.body.pagination.total).toBe(1);
  });

  it('of staggered dates that all overlap each other: exactly one succeeds', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const halfHour = 30 * 60 * 1000;
    const bodies = Array.from({ length: CONCURRENT }, (_, i) => ({
      start_date: at(BASE_NOW, days(3) + i * halfHour).toISOString(),
      end_date: at(BASE_NOW, days(5) + i * halfHour).toISOString(),
    }));
    const winner = expectExactlyOneCreated(await createAll(tenant.key, bodies));
    expect(await fixture.server.prisma.oooSession.count({ where: { accountId: tenant.accountId } })).toBe(1);
    expect(bodies.map((b) => b.start_date)).toContain(winner.start_date);
  });

  it('across accounts do not interfere: every account gets its one session', async () => {
    const tenants = await Promise.all(Array.from({ length: 5 }, () => buildTenant(fixture.server.prisma)));
    const body = {
      start_date: at(BASE_NOW, days(3)).toISOString(),
      end_date: at(BASE_NOW, days(8)).toISOString(),
    };
    const responses = await Promise.all(
      tenants.flatMap((tenant) =>
        Array.from({ length: 10 }, () =>
          fixture.server.request('POST', '/api/v1/ooo-sessions', { key: tenant.key, body }),
        ),
      ),
    );
    const statuses = responses.map((r) => (r.status === 201 || r.status === 409 ? r.status : r.body));
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s !== 201)).toEqual(Array(45).fill(409));
    for (const tenant of tenants) {
      expect(await fixture.server.prisma.oooSession.count({ where: { accountId: tenant.accountId } })).toBe(
        1,
      );
    }
  });

  it('concurrent edits that would make two sessions overlap: at most one applies', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const early = await buildSession(fixture.server.prisma, {
      accountId: tenant.accountId,
      startDate: at(BASE_NOW, days(2)),
      endDate: at(BASE_NOW, days(4)),
    });
    const late = await buildSession(fixture.server.prisma, {
      accountId: tenant.accountId,
      startDate: at(BASE_NOW, days(6)),
      endDate: at(BASE_NOW, days(8)),
    });
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? fixture.server.request('PATCH', `/api/v1/ooo-sessions/${early.id}`, {
              key: tenant.key,
              body: { end_date: at(BASE_NOW, days(7)).toISOString() },
            })
          : fixture.server.request('PATCH', `/api/v1/ooo-sessions/${late.id}`, {
              key: tenant.key,
              body: { start_date: at(BASE_NOW, days(3)).toISOString() },
            }),
      ),
    );
    for (const response of responses) expect([200, 409]).toContain(response.status);
    const [a, b] = await Promise.all([
      fixture.server.prisma.oooSession.findUniqueOrThrow({ where: { id: early.id } }),
      fixture.server.prisma.oooSession.findUniqueOrThrow({ where: { id: late.id } }),
    ]);
    // Whatever won, the two sessions do not overlap.
    expect(a.endDate <= b.startDate || b.endDate <= a.startDate).toBe(true);
  });
});
