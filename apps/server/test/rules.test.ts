// Custom rules end to end: the owner keeps them over tRPC (order, moves, validation, plan, other
// accounts), the operator through the admin procedures the CLI uses, and mail POSTed to /inbound
// is captured through them: category, urgency, rule_id, reasons, the auto-reply a rule suppresses
// (never one it would start), a sender a rule makes a VIP, and the message view naming the rule.

import { buildAccount } from '@drift/api/testing';
import { HEADERS } from '@drift/contract';
import { rulesEscalate } from '@drift/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useFileService, useTestServer } from './support/fixture.ts';
import { callTrpc } from './support/http.ts';
import { postInbound } from './support/inbound.ts';
import { type OwnerSession, ownerCalls } from './support/owner-session.ts';
import { CAROL, colleagueQuestion, JONAS, listDigest } from './support/raw-mail.ts';
import { ADMIN_TOKEN, type Json } from './support/server.ts';
import { startSmtpSink } from './support/smtp.ts';

const smtp = useFileService(startSmtpSink, (sink) => sink.close());
beforeEach(async () => {
  await smtp().start();
  smtp().reset();
});
const fixture = useTestServer({ start: () => ({ mailer: smtp().createTransport() }), mailbox: true });

type Owner = OwnerSession;

const { signedIn, call, ok } = ownerCalls(() => fixture.server);

const create = (owner: Owner, rule: Json) => ok('mutation', 'rules.create', rule, owner);
const names = async (owner: Owner) =>
  ((await ok('query', 'rules.list', undefined, owner)).data as Json[]).map((r) => `${r.position}.${r.name}`);

/** Delivers one message a minute after the previous one; the stored row. */
async function deliver(raw: string) {
  fixture.server.clock.advance(60_000);
  const response = await postInbound(fixture.server, fixture.mailbox.token, raw);
  expect(response.status, response.text).toBe(202);
  return fixture.server.prisma.email.findUniqueOrThrow({
    where: { id: response.body.email.id },
    include: { autoReply: true },
  });
}

const fromDomain = (value: string) => ({ field: 'from_domain', value });
const subject = (value: string) => ({ field: 'subject', value });

describe('rules in order through capture', () => {
  it('the first rule that sets a category wins, every raise counts, and moving a rule changes which', async () => {
    const owner = await signedIn(fixture.mailbox.accountId);
    const invoices = await create(owner, {
      name: 'Invoices',
      conditions: [subject('invoice')],
      actions: [{ type: 'set_category', category: 'fyi' }],
    });
    const partner = await create(owner, {
      name: 'Partner',
      conditions: [fromDomain('Partner.test')],
      actions: [
        { type: 'set_category', category: 'urgent' },
        { type: 'min_urgency', value: 10 },
        { type: 'never_auto_reply' },
      ],
    });
    expect(partner).toMatchObject({ position: 2, enabled: true, conditions: [fromDomain('partner.test')] });

    // Only "Partner" matches: urgent at 10, and no auto-reply although Carol would get one.
    const question = await deliver(colleagueQuestion({ from: CAROL }));
    expect(question).toMatchObject({
      category: 'urgent',
      urgencyScore: 10,
      ruleId: partner.id,
      autoReply: null,
    });
    expect(question.autoReplyReason).toBe('rule');
    expect(question.triageReasons[0]).toBe('Your rule “Partner” set the category to Urgent.');
    expect(question.triageReasons).toContain('Your rule “Partner” raised the urgency to 10.');
    expect(question.triageReasons).toContain('Your rule “Partner” kept Drift from answering it.');

    // Both match: "Invoices" comes first and sets FYI; "Partner" asks for 10, which FYI's band
    // caps at 4, and still keeps the reply from going.
    const invoice = await deliver(colleagueQuestion({ from: CAROL, subject: 'Invoice 42: a question' }));
    expect(invoice).toMatchObject({ category: 'fyi', urgencyScore: 4, ruleId: invoices.id, autoReply: null });
    expect(invoice.triageReasons.slice(0, 2)).toEqual([
      'Your rule “Invoices” set the category to FYI.',
      'Your rule “Partner” kept Drift from answering it.',
    ]);

    // "Partner" first: its category wins now.
    const moved = await ok('mutation', 'rules.move', { id: partner.id, position: 1 }, owner);
    expect(moved.data.map((r: Json) => r.name)).toEqual(['Partner', 'Invoices']);
    const again = await deliver(colleagueQuestion({ from: CAROL, subject: 'Invoice 43: a question' }));
    expect(again).toMatchObject({ category: 'urgent', urgencyScore: 10, ruleId: partner.id });

    // Turned off, a rule does nothing: Carol's question is triage's own, and she is answered.
    await ok('mutation', 'rules.update', { id: partner.id, enabled: false }, owner);
    await ok('mutation', 'rules.update', { id: invoices.id, enabled: false }, owner);
    const plain = await deliver(colleagueQuestion({ from: CAROL, subject: 'Invoice 44: a question' }));
    expect(plain).toMatchObject({ category: 'action_required', ruleId: null, autoReplyReason: 'ok' });
    expect(plain.triageReasons.some((reason) => reason.startsWith('Your rule'))).toBe(false);

    // The message view names the rule that decided, and none once it is deleted.
    const detail = await ok('query', 'mail.get', { id: question.id }, owner);
    expect(detail.triage.rule).toEqual({ id: partner.id, name: 'Partner' });
    expect(detail.triage.reasons[0]).toBe('Your rule “Partner” set the category to Urgent.');
    expect(detail.auto_reply).toMatchObject({ status: 'not_sent', reason: 'rule' });
    await ok('mutation', 'rules.remove', { id: partner.id }, owner);
    expect((await ok('query', 'mail.get', { id: question.id }, owner)).triage.rule).toBeNull();
  });

  it('never makes Drift answer list mail, even when a rule makes it urgent', async () => {
    const owner = await signedIn(fixture.mailbox.accountId);
    const rule = await create(owner, {
      name: 'Weekly',
      conditions: [{ field: 'list_id', value: 'weekly.weekly-engineer.test' }],
      actions: [{ type: 'set_category', category: 'urgent' }],
    });
    const digest = await deliver(listDigest());
    expect(digest).toMatchObject({ category: 'urgent', ruleId: rule.id, autoReply: null });
    expect(digest.autoReplyReason).not.toBe('ok');
  });

  it('a rule that marks the sender a VIP makes the question urgent, as a VIP list entry would', async () => {
    const owner = await signedIn(fixture.mailbox.accountId);
    const before = await deliver(colleagueQuestion({ from: JONAS }));
    expect(before.category).toBe('action_required');
    const rule = await create(owner, {
      name: 'Jonas',
      conditions: [{ field: 'from_address', value: 'Jonas.Weber@acme.test' }],
      actions: [{ type: 'mark_vip' }],
    });
    const after = await deliver(colleagueQuestion({ from: JONAS, subject: 'Another question about hiring' }));
    expect(after).toMatchObject({ category: 'urgent', ruleId: rule.id });
    expect(after.triageReasons[0]).toBe('Your rule “Jonas” treated the sender as a VIP.');
    // The account's VIP list itself is not changed.
    const account = await fixture.server.prisma.account.findUniqueOrThrow({
      where: { id: fixture.mailbox.accountId },
    });
    expect(account.vipSenders).not.toContain(JONAS.address);
  });

  it('records an escalation a rule asks for, for escalation to read', async () => {
    const owner = await signedIn(fixture.mailbox.accountId);
    await create(owner, { name: 'Pager', conditions: [subject('hiring')], actions: [{ type: 'escalate' }] });
    const escalated = await deliver(colleagueQuestion({ from: CAROL }));
    expect(escalated.triageReasons).toContain('Your rule “Pager” escalates it to your backup contact.');
    expect(rulesEscalate(escalated)).toBe(true);
    expect(escalated.ruleId).toBeNull();
    const other = await deliver(colleagueQuestion({ from: CAROL, subject: 'Lunch?' }));
    expect(rulesEscalate(other)).toBe(false);
  });

  it('a batch of concurrent deliveries reads the rules once and applies them to each', async () => {
    const owner = await signedIn(fixture.mailbox.accountId);
    const rule = await create(owner, {
      name: 'Partner',
      conditions: [fromDomain('partner.test')],
      actions: [{ type: 'set_category', category: 'urgent' }],
    });
    fixture.server.clock.advance(60_000);
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        postInbound(
          fixture.server,
          fixture.mailbox.token,
          colleagueQuestion({ from: i % 2 ? CAROL : JONAS, subject: `Question ${i}` }),
        ),
      ),
    );
    const rows = await fixture.server.prisma.email.findMany({
      where: { id: { in: responses.map((r) => r.body.email.id) } },
    });
    for (const row of rows) {
      expect(row.ruleId).toBe(row.fromEmail === CAROL.address ? rule.id : null);
      if (row.fromEmail === CAROL.address) expect(row.category).toBe('urgent');
    }
  });
});

describe('keeping rules', () => {
  it('creates at a position, moves and removes, keeping 1..n', async () => {
    const owner = await signedIn(fixture.mailbox.accountId);
    const rule = (name: string, position?: number) =>
      create(owner, {
        name,
        conditions: [subject(name)],
        actions: [{ type: 'escalate' }],
        ...(position && { position }),
      });
    const a = await rule('A');
    await rule('B');
    await rule('C', 1);
    await rule('D', 99);
    expect(await names(owner)).toEqual(['1.C', '2.A', '3.B', '4.D']);
    await ok('mutation', 'rules.move', { id: a.id, position: 4 }, owner);
    expect(await names(owner)).toEqual(['1.C', '2.B', '3.D', '4.A']);
    await ok('mutation', 'rules.remove', { id: a.id }, owner);
    expect(await names(owner)).toEqual(['1.C', '2.B', '3.D']);
    const b = (await ok('query', 'rules.list', undefined, owner)).data[1];
    const renamed = await ok('mutation', 'rules.update', { id: b.id, name: 'Bee' }, owner);
    expect(renamed).toMatchObject({ name: 'Bee', position: 2 });
  });

  it.each([
    {
      name: 'a bad address',
      rule: { conditions: [{ field: 'from_address', value: 'bob' }], actions: [{ type: 'escalate' }] },
      message:
        'conditions.0.value: from_address must be one email address, such as ana@example.com (not “bob”)',
    },
    {
      name: 'a header without its name',
      rule: { conditions: [{ field: 'header', value: '1' }], actions: [{ type: 'escalate' }] },
      message: 'conditions.0.name: a header condition needs the header name, such as X-Priority',
    },
    {
      name: 'an action twice',
      rule: { conditions: [subject('x')], actions: [{ type: 'escalate' }, { type: 'escalate' }] },
      message: 'actions.1.type: the action escalate is given twice; a rule does each once',
    },
    {
      name: 'no condition',
      rule: { conditions: [], actions: [{ type: 'escalate' }] },
      message: /a rule needs at least one condition/,
    },
    {
      name: 'an urgency past 10',
      rule: { conditions: [subject('x')], actions: [{ type: 'min_urgency', value: 11 }] },
      message: /the urgency must be a whole number from 0 to 10/,
    },
  ])('refuses $name with a clear message', async ({ rule, message }) => {
    const owner = await signedIn(fixture.mailbox.accountId);
    const result = await call('mutation', 'rules.create', { name: 'Bad', ...rule }, owner);
    expect(result.status).toBe(400);
    expect(result.body.error.data.driftCode).toBe('VALIDATION_ERROR');
    if (typeof message === 'string') expect(result.body.error.message).toBe(message);
    else expect(result.body.error.message).toMatch(message);
    expect(await fixture.server.prisma.rule.count({ where: { accountId: fixture.mailbox.accountId } })).toBe(
      0,
    );
  });

  it('refuses the Free plan, and capture ignores the rules a downgraded account kept', async () => {
    const free = await buildAccount(fixture.server.prisma, { plan: 'free' });
    const owner = await signedIn(free.id);
    for (const [kind, path, input] of [
      ['query', 'rules.list', undefined],
      [
        'mutation',
        'rules.create',
        { name: 'X', conditions: [subject('x')], actions: [{ type: 'escalate' }] },
      ],
    ] as const) {
      const result = await call(kind, path, input, owner);
      expect(result.status).toBe(403);
      expect(result.body.error.data.driftCode).toBe('FEATURE_NOT_AVAILABLE');
      expect(result.body.error.message).toBe('Custom rules require Team Growth plan');
    }
    const team = await signedIn(fixture.mailbox.accountId);
    await create(team, {
      name: 'Partner',
      conditions: [fromDomain('partner.test')],
      actions: [{ type: 'set_category', category: 'urgent' }],
    });
    await fixture.server.prisma.account.update({
      where: { id: fixture.mailbox.accountId },
      data: { plan: 'free' },
    });
    const mail = await deliver(colleagueQuestion({ from: CAROL }));
    expect(mail).toMatchObject({ category: 'action_required', ruleId: null });
  });

  it("another account's rule is NOT_FOUND and stays as it was", async () => {
    const owner = await signedIn(fixture.mailbox.accountId);
    const rule = await create(owner, {
      name: 'Mine',
      conditions: [subject('x')],
      actions: [{ type: 'escalate' }],
    });
    const other = await buildAccount(fixture.server.prisma, { plan: 'team_growth' });
    const stranger = await signedIn(other.id);
    for (const [path, input] of [
      ['rules.update', { id: rule.id, name: 'Theirs' }],
      ['rules.remove', { id: rule.id }],
      ['rules.move', { id: rule.id, position: 1 }],
    ] as const) {
      const result = await call('mutation', path, input, stranger);
      expect(result.status, path).toBe(404);
      expect(result.body.error.message).toBe('Rule not found');
    }
    expect((await ok('query', 'rules.list', undefined, stranger)).data).toEqual([]);
    expect(await names(owner)).toEqual(['1.Mine']);
  });

  it('the operator keeps rules with the admin token, as the CLI does', async () => {
    const admin = (kind: 'query' | 'mutation', path: string, input: unknown) =>
      callTrpc(fixture.server.baseUrl, kind, path, input, { [HEADERS.adminToken]: ADMIN_TOKEN });
    const accountId = fixture.mailbox.accountId;
    const created = await admin('mutation', 'rules.admin.create', {
      account_id: accountId,
      name: 'Partner',
      conditions: [fromDomain('partner.test')],
      actions: [{ type: 'never_auto_reply' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.result.data.id;
    const listed = await admin('query', 'rules.admin.list', { account_id: accountId });
    expect(listed.body.result.data.data.map((r: Json) => r.id)).toEqual([id]);
    expect((await admin('mutation', 'rules.admin.move', { id, position: 3 })).status).toBe(200);
    const removed = await admin('mutation', 'rules.admin.remove', { id });
    expect(removed.body.result.data).toEqual({ id, deleted: true });
    expect((await admin('mutation', 'rules.admin.remove', { id })).status).toBe(404);
    const refused = await callTrpc(fixture.server.baseUrl, 'query', 'rules.admin.list', {
      account_id: accountId,
    });
    expect(refused.status).toBe(401);
  });
});
