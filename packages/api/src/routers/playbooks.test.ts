// playbooks.list and playbooks.open through createCaller.
import { newId } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { BASE_NOW, errorOf, type Tenant, useProcedureHarness } from '../testing/caller.ts';
import { at, buildPlaybook, buildSession, days, type playbookItem } from '../testing/factories.ts';

const h = useProcedureHarness();

/** A finished session, `weeksAgo` weeks before BASE_NOW, with its playbook created when it ended. */
async function pastPlaybook(tenant: Tenant, weeksAgo: number) {
  const endDate = at(BASE_NOW, -days(7 * weeksAgo - 7));
  const session = await buildSession(h.prisma, {
    accountId: tenant.accountId,
    startDate: at(BASE_NOW, -days(7 * weeksAgo)),
    endDate,
  });
  return buildPlaybook(h.prisma, { accountId: tenant.accountId, sessionId: session.id, createdAt: endDate });
}

const idsOf = (list: { data: { id: string }[] }) => list.data.map((item) => item.id);

describe('playbooks.list', () => {
  it('lists a playbook with the wire shape of the reference', async () => {
    const tenant = await h.tenant();
    const playbook = await pastPlaybook(tenant, 1);
    const [item] = playbook.actionItems as ReturnType<typeof playbookItem>[];
    expect(await tenant.caller.playbooks.list({})).toEqual({
      data: [
        {
          id: playbook.id,
          ooo_session_id: playbook.sessionId,
          summary: 'You received 3 emails during your time away.',
          action_items: [item],
          fyi_items: [],
          resolved_items: [],
          stats: { total_emails: 3, filtered_emails: 1, time_saved_minutes: 6 },
          delivered_at: '2026-02-28T06:00:00.000Z',
          viewed_at: null,
          created_at: BASE_NOW.toISOString(),
        },
      ],
      pagination: { total: 1, limit: 20, offset: 0, has_more: false },
    });
  });

  it('newest first, paged, filtered by session_id; listing does not mark them viewed', async () => {
    const tenant = await h.tenant();
    const playbooks = [
      await pastPlaybook(tenant, 3),
      await pastPlaybook(tenant, 2),
      await pastPlaybook(tenant, 1),
    ];
    const [oldest, middle, newest] = playbooks.map((p) => p.id);
    const first = await tenant.caller.playbooks.list({ limit: 2 });
    expect(idsOf(first)).toEqual([newest, middle]);
    expect(first.pagination).toEqual({ total: 3, limit: 2, offset: 0, has_more: true });
    expect(idsOf(await tenant.caller.playbooks.list({ limit: 2, offset: 2 }))).toEqual([oldest]);
    expect(idsOf(await tenant.caller.playbooks.list({ session_id: playbooks[1]?.sessionId ?? '' }))).toEqual([
      middle,
    ]);
    expect(
      await h.prisma.playbook.count({ where: { accountId: tenant.accountId, viewedAt: { not: null } } }),
    ).toBe(0);
  });

  it("never lists another account's playbooks", async () => {
    await pastPlaybook(await h.tenant(), 1);
    const { caller } = await h.tenant();
    expect((await caller.playbooks.list({})).data).toEqual([]);
  });

  it.each([
    ['an unknown session', async () => newId('sess')],
    ["another account's session", async () => (await pastPlaybook(await h.tenant(), 1)).sessionId],
  ])('404 NOT_FOUND for session_id of %s', async (_case, sessionIdOf) => {
    const { caller } = await h.tenant();
    expect(await errorOf(caller.playbooks.list({ session_id: await sessionIdOf() }))).toEqual({
      code: 'NOT_FOUND',
      message: 'OOO session not found',
    });
  });

  it('400 VALIDATION_ERROR for a limit over 100', async () => {
    const { caller } = await h.tenant();
    expect((await errorOf(caller.playbooks.list({ limit: 101 }))).code).toBe('VALIDATION_ERROR');
  });
});

describe('playbooks.open (the dashboard opens a playbook)', () => {
  it('the first opening sets viewed_at by the clock; later openings keep it', async () => {
    const tenant = await h.tenant();
    const playbook = await pastPlaybook(tenant, 1);
    h.clock.set(at(BASE_NOW, 60_000));
    expect((await tenant.caller.playbooks.open({ id: playbook.id })).viewed_at).toBe(
      at(BASE_NOW, 60_000).toISOString(),
    );
    h.clock.set(at(BASE_NOW, days(1)));
    expect((await tenant.caller.playbooks.open({ id: playbook.id })).viewed_at).toBe(
      at(BASE_NOW, 60_000).toISOString(),
    );
    const [listed] = (await tenant.caller.playbooks.list({})).data;
    expect(listed?.viewed_at).toBe(at(BASE_NOW, 60_000).toISOString());
  });

  it.each([
    ['an unknown playbook', async () => newId('pb')],
    ["another account's playbook", async () => (await pastPlaybook(await h.tenant(), 1)).id],
  ])('404 NOT_FOUND for %s, which stays unviewed', async (_case, idOf) => {
    const id = await idOf();
    const { caller } = await h.tenant();
    expect(await errorOf(caller.playbooks.open({ id }))).toEqual({
      code: 'NOT_FOUND',
      message: 'Playbook not found',
    });
    expect(await h.prisma.playbook.count({ where: { id, viewedAt: { not: null } } })).toBe(0);
  });
});
