// DRIFT_SPAMD: capture asks a real SpamAssassin spamd (Debian's, on loopback) about every message
// and combines its verdict with triage's; a spamd that does not answer costs nothing but a warning.
import { spamdCheck } from '@drift/core';
import { spamdInstalled, startSpamd, type TestSpamd } from '@drift/mail/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/http.ts';
import { buildOwnerMailbox, type OwnerMailbox, postInbound } from './support/inbound.ts';
import { colleagueQuestion, JONAS, PRIYA } from './support/raw-mail.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/** SpamAssassin's standard test string: any spamd scores a message that carries it as spam. */
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

describe.skipIf(!spamdInstalled())('capture with spamd', () => {
  let spamd: TestSpamd;
  const warnings: string[] = [];

  beforeAll(async () => {
    spamd = await startSpamd({ maxChildren: 2 });
  }, 120_000);
  afterAll(async () => {
    await spamd?.stop();
  });

  async function serverWith(port: number): Promise<{ server: TestServer; mailbox: OwnerMailbox }> {
    const server = await startTestServer({
      spamd: spamdCheck({ host: '127.0.0.1', port }, (error) => warnings.push(error.failure)),
    });
    return { server, mailbox: await buildOwnerMailbox(server) };
  }

  it("what spamd calls spam is promotional and never answered, even from a colleague's address", async () => {
    const { server, mailbox } = await serverWith(spamd.port);
    try {
      const spam = await postInbound(
        server,
        mailbox.token,
        colleagueQuestion({ from: JONAS, body: `Hi Alex,\n\nPlease see below.\n\n${GTUBE}\n\nJonas` }),
      );
      expect(spam.body.email).toMatchObject({
        category: 'promotional',
        urgency_score: 0,
        auto_replied: false,
      });
      const clean = await postInbound(server, mailbox.token, colleagueQuestion({ from: PRIYA }));
      expect(clean.body.email).toMatchObject({ category: 'action_required', auto_replied: true });
    } finally {
      await server.close();
    }
  });

  it('a spamd that is not there: the mail is captured and triaged without it, with a warning', async () => {
    const { server, mailbox } = await serverWith(await freePort());
    try {
      warnings.length = 0;
      const response = await postInbound(server, mailbox.token, colleagueQuestion({ from: PRIYA }));
      expect(response.status).toBe(202);
      expect(response.body.email).toMatchObject({ category: 'action_required', auto_replied: true });
      expect(warnings).toEqual(['CONNECTION_REFUSED']);
    } finally {
      await server.close();
    }
  });
});
