import { at, buildTenant, days } from '@drift/api/testing';
import { describe, expect, it } from 'vitest';
import { expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer({ tenant: true });
let day = 0;

/** A session body on a day of its own, so that bodies never overlap by accident. */
function sessionBody() {
  day += 3;
  return {
    start_date: at(BASE_NOW, days(day)).toISOString(),
    end_date: at(BASE_NOW, days(day + 1)).toISOString(),
  };
}

const create = (body: unknown, idempotencyKey?: string, key = fixture.tenant.key) =>
  fixture.server.request('POST', '/api/v1/ooo-sessions', {
    key,
    body,
    ...(idempotencyKey !== undefined ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
  });

const sessionsOf = (accountId: string) => fixture.server.prisma.oooSession.count({ where: { accountId } });

describe('Idempotency-Key', () => {
  it('a retried POST replays the first response and creates one session', async () => {
    const body = sessionBody();
    const first = await create(body, 'retry-1');
    const retry = await create(body, 'retry-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await sessionsOf(fixture.tenant.accountId)).toBe(1);
  });

  it('the same key with a different body is refused and changes nothing', async () => {
    await create(sessionBody(), 'reused');
    const other = await create(sessionBody(), 'reused');
    expectError(other, 400, 'VALIDATION_ERROR', 'Idempotency-Key was already used with a different request');
    expect(await sessionsOf(fixture.tenant.accountId)).toBe(1);
  });

  it('20 concurrent retries create exactly one session; the others replay it or are told to retry', async () => {
    const body = sessionBody();
    const responses = await Promise.all(Array.from({ length: 20 }, () => create(body, 'burst')));
    const created = responses.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of responses.filter((response) => response.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('CONFLICT');
    }
    expect(await sessionsOf(fixture.tenant.accountId)).toBe(1);
  });

  it('a replayed error is the same error (the first answer is what counts)', async () => {
    const body = {
      start_date: at(BASE_NOW, days(5)).toISOString(),
      end_date: at(BASE_NOW, days(4)).toISOString(),
    };
    const first = await create(body, 'bad-dates');
    const retry = await create(body, 'bad-dates');
    expect(first.status).toBe(400);
    expect(retry.status).toBe(400);
    // The same error; only request_id names the response it is in.
    expect(retry.body).toEqual({
      error: { ...first.body.error, request_id: retry.headers.get('x-request-id') },
    });
    expect(retry.body.error.request_id).not.toBe(first.body.error.request_id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keys live 24 hours: afterwards the same key runs the request again', async () => {
    const body = sessionBody();
    await create(body, 'daily');
    await fixture.server.request('PATCH', `/api/v1/ooo-sessions/${(await create(body, 'daily')).body.id}`, {
      key: fixture.tenant.key,
      body: { status: 'cancelled' },
    });
    fixture.server.clock.advance(24 * 3_600_000 + 1);
    const again = await create(body, 'daily');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await sessionsOf(fixture.tenant.accountId)).toBe(2);
  });

  it('keys of different clients never meet', async () => {
    const other = await buildTenant(fixture.server.prisma);
    const mine = await create(sessionBody(), 'shared-name');
    const theirs = await create(sessionBody(), 'shared-name', other.key);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('applies to PATCH too', async () => {
    const created = await create(sessionBody());
    const patch = () =>
      fixture.server.request('PATCH', `/api/v1/ooo-sessions/${created.body.id}`, {
        key: fixture.tenant.key,
        body: { status: 'cancelled' },
        headers: { 'Idempotency-Key': 'cancel-once' },
      });
    const first = await patch();
    const retry = await patch();
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('a server error is not stored: the retry runs again', async () => {
    const body = sessionBody();
    fixture.server.setFault('internal');
    const failed = await create(body, 'after-500');
    fixture.server.setFault('none');
    expect(failed.status).toBe(500);
    const retry = await create(body, 'after-500');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
  ])('an %s key is a 400', async (_name, idempotencyKey) => {
    const response = await create(sessionBody(), idempotencyKey);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('Idempotency-Key must be 1 to 255 characters');
    expect(await sessionsOf(fixture.tenant.accountId)).toBe(0);
  });

  it('GET and DELETE ignore it, POST without it behaves as before', async () => {
    const body = sessionBody();
    expect((await create(body)).status).toBe(201);
    expect((await create(body)).status).toBe(409);
    const listed = await fixture.server.request('GET', '/api/v1/ooo-sessions', {
      key: fixture.tenant.key,
      headers: { 'Idempotency-Key': 'ignored' },
    });
    expect(listed.status).toBe(200);
  });
});
