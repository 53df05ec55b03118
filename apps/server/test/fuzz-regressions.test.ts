// What the fuzz tests found, each pinned by its own named test: before the fix each one was a 5xx or
// an error body that was not the envelope.
import { randomBytes } from 'node:crypto';
import { buildTenant, type TenantRows } from '@drift/api/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { buildOwnerMailbox, type OwnerMailbox, postInbound } from './support/inbound.ts';
import { OWNER } from './support/raw-mail.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer();
let tenant: TenantRows;
let mailbox: OwnerMailbox;

beforeAll(async () => {
  tenant = await buildTenant(fixture.server.prisma);
  mailbox = await buildOwnerMailbox(fixture.server);
});

const future = (days: number) => new Date(BASE_NOW.getTime() + days * 86_400_000).toISOString();

describe('regressions found by fuzzing', () => {
  it('a URL over 16 KB is 400 VALIDATION_ERROR in the envelope (was Fastify 431 in its own shape)', async () => {
    const response = await fixture.server.request('GET', `/api/v1/ooo-sessions?status=${'é'.repeat(9000)}`, {
      key: tenant.key,
    });
    expectError(response, 400, 'VALIDATION_ERROR', 'Request URL or headers are too large');
  });

  it('broken percent-encoding in the path is 400 VALIDATION_ERROR in the envelope (was FST_ERR_BAD_URL)', async () => {
    const response = await fixture.server.request('PUT', '/api/v1/ooo-sessions/%E0%A4%A', {
      key: tenant.key,
    });
    expectError(response, 400, 'VALIDATION_ERROR');
  });

  it('a POST outside the API with an odd Content-Type is answered with the envelope (was Fastify 415)', async () => {
    const response = await fixture.server.request('POST', '/', {
      rawBody: '\u0001\u0002\u0003',
      headers: { 'content-type': '' },
    });
    expectError(response, 400, 'VALIDATION_ERROR', 'Content-Type must be application/json');
  });

  it.each([
    ['an array', (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`],
    ['an object', (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`],
  ])('JSON nested thousands deep (%s) is 400, not a stack overflow and 500', async (_what, nest) => {
    for (const path of ['/api/v1/ooo-sessions', '/trpc/auth.signIn']) {
      const response = await fetch(`${fixture.server.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
        body: nest(10_000),
      });
      expect(response.status, path).toBe(400);
      if (path.startsWith('/api'))
        expect(((await response.json()) as { error: unknown }).error).toEqual({
          message: 'Request body is nested too deeply (at most 64 levels)',
          code: 'VALIDATION_ERROR',
          request_id: response.headers.get('x-request-id'),
        });
    }
    // Ordinary nesting still reaches validation.
    const shallow = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
      key: tenant.key,
      rawBody: nest(10),
    });
    expectError(shallow, 400, 'VALIDATION_ERROR', /start_date is required/);
  });

  it.each(['/api/v1/emails?session_id=%00', '/api/v1/playbooks?session_id=a%00b'])(
    'GET %s (a NUL the database cannot store) is 400, not 500',
    async (path) => {
      const response = await fixture.server.request('GET', path, { key: tenant.key });
      expectError(response, 400, 'VALIDATION_ERROR', /NUL/);
    },
  );

  it('a NUL in auto_reply_message is 400, not 500', async () => {
    const response = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
      key: tenant.key,
      body: { start_date: future(200), end_date: future(201), auto_reply_message: 'back\u0000soon' },
    });
    expectError(response, 400, 'VALIDATION_ERROR', /NUL/);
  });

  it('POST /inbound/%00 is an unknown address like any other (404), not 500', async () => {
    const response = await postInbound(fixture.server, '\u0000', 'From: a@b.test\r\n\r\nhi');
    expectError(response, 404, 'NOT_FOUND');
  });

  it('mail with a reference id longer than a mail line can be is captured without it (was 500)', async () => {
    // One incompressible reference id of 5 KB: a GIN index entry holds at most 2712 bytes.
    const raw = [
      'From: someone@example.test',
      `To: ${OWNER.address}`,
      'Subject: long references',
      `References: <${randomBytes(4000).toString('base64url')}@example.test>`,
      '',
      'hello',
    ].join('\r\n');
    const response = await postInbound(fixture.server, mailbox.token, raw);
    expect(response.status).toBe(202);
    expect(response.body.captured).toBe(true);
  });
});
