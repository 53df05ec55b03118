import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MailParseError, parseMessage } from '../src/index.ts';

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

function mail(headers: string, body: string): string {
  return `${headers.trim()}\n\n${body}`;
}

describe('parseMessage: headers', () => {
  const raw = crlf(
    mail(
      `
Return-Path: <Bounce+X@Lists.Example.TEST>
Received: from a.example.test by b.example.test
Received: from c.example.test by a.example.test
From: "Jonas Weber" <Jonas.Weber@Acme.TEST>
Reply-To: Desk <desk@acme.test>
To: Alex Morgan <alex@acme.test>, team: priya@acme.test, ben@acme.test;
Cc: =?utf-8?q?Tom=C3=A1s_Rivera?= <tomas@acme.test>
Subject: Re: status
Date: Mon, 2 Mar 2026 07:31:40 +0100
Message-ID: <abc.123@acme.test>
In-Reply-To: <root.1@acme.test>
References: <root.1@acme.test>
 <mid.2@acme.test>
X-Custom: one
X-Custom: two
`,
      'Hello.\n',
    ),
  );

  it('strips angle brackets from ids and keeps References in order', async () => {
    const m = await parseMessage(raw);
    expect(m.messageId).toBe('abc.123@acme.test');
    expect(m.inReplyTo).toBe('root.1@acme.test');
    expect(m.references).toEqual(['root.1@acme.test', 'mid.2@acme.test']);
  });

  it('lower-cases addresses, keeps names, flattens groups', async () => {
    const m = await parseMessage(raw);
    expect(m.from).toEqual({ address: 'jonas.weber@acme.test', name: 'Jonas Weber' });
    expect(m.replyTo).toEqual([{ address: 'desk@acme.test', name: 'Desk' }]);
    expect(m.to.map((a) => a.address)).toEqual(['alex@acme.test', 'priya@acme.test', 'ben@acme.test']);
    expect(m.cc).toEqual([{ address: 'tomas@acme.test', name: 'Tomás Rivera' }]);
  });

  it('keeps every header value in order under a lower-case name', async () => {
    const m = await parseMessage(raw);
    expect(m.headers['x-custom']).toEqual(['one', 'two']);
    expect(m.headers.received).toHaveLength(2);
    expect(m.headers.references?.[0]).toBe('<root.1@acme.test> <mid.2@acme.test>');
    expect(m.headers.cc).toEqual(['Tomás Rivera <tomas@acme.test>']);
  });

  it('parses the date and the return path', async () => {
    const m = await parseMessage(raw);
    expect(m.date?.toISOString()).toBe('2026-03-02T06:31:40.000Z');
    expect(m.returnPath).toBe('bounce+x@lists.example.test');
    expect(m.subject).toBe('Re: status');
  });

  it.each([
    ['Return-Path: <>\n', ''],
    ['', null],
  ])('returnPath for %j is %j', async (line, expected) => {
    const m = await parseMessage(`${line}From: a@b.test\nSubject: x\n\nbody\n`);
    expect(m.returnPath).toBe(expected);
  });

  it('gives null/empty defaults when optional headers are absent', async () => {
    const m = await parseMessage('From: a@b.test\n\nbody\n');
    expect(m).toMatchObject({
      messageId: null,
      inReplyTo: null,
      references: [],
      subject: '',
      replyTo: [],
      to: [],
      cc: [],
      date: null,
      returnPath: null,
    });
  });

  it('gives a null date for an unparseable Date header instead of "now"', async () => {
    const m = await parseMessage('From: a@b.test\nDate: not a date\n\nbody\n');
    expect(m.date).toBeNull();
  });
});

describe('parseMessage: RFC 2047 encoded words', () => {
  it.each([
    [
      'Q, UTF-8',
      '=?utf-8?q?Urlaubsantrag_Osterwoche_=E2=80=93_Freigabe=3F?=',
      'Urlaubsantrag Osterwoche – Freigabe?',
    ],
    ['B, UTF-8', '=?UTF-8?B?w4RyZ2VyIG1pdCBkZXIgQmVzdGVsbHVuZw==?=', 'Ärger mit der Bestellung'],
    ['Q, ISO-8859-1', '=?iso-8859-1?q?Caf=E9_cr=E8me?=', 'Café crème'],
    [
      'folded over two words',
      '=?utf-8?q?staging-db_disk_at_91=25_=E2=80=94_OK?=\n =?utf-8?q?_to_bump=3F?=',
      'staging-db disk at 91% — OK to bump?',
    ],
    ['mixed with plain text', 'Fwd: =?utf-8?q?Se=C3=B1or?= Ortiz', 'Fwd: Señor Ortiz'],
  ])('decodes the subject (%s)', async (_case, encoded, decoded) => {
    const m = await parseMessage(`From: a@b.test\nSubject: ${encoded}\n\nbody\n`);
    expect(m.subject).toBe(decoded);
    expect(m.headers.subject).toEqual([decoded]);
  });

  it('decodes display names', async () => {
    const m = await parseMessage('From: =?utf-8?b?TMO6Y8OtYSBPcnRlZ2E=?= <lucia@x.test>\nSubject: s\n\nb\n');
    expect(m.from?.name).toBe('Lúcía Ortega');
  });
});

describe('parseMessage: bodies', () => {
  it('takes the text/plain part of multipart/alternative', async () => {
    const raw = mail(
      `From: a@b.test
Subject: alt
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"`,
      `--b1
Content-Type: text/plain; charset=utf-8

Plain version.
--b1
Content-Type: text/html; charset=utf-8

<p>HTML version.</p>
--b1--
`,
    );
    const parsed = await parseMessage(raw);
    expect(parsed.text).toBe('Plain version.');
    expect(parsed.html?.trim()).toBe('<p>HTML version.</p>');
  });

  it.each([
    ['text/plain only', 'Content-Type: text/plain; charset=utf-8', 'Just text.', null],
    [
      'an HTML-only body',
      'Content-Type: text/html; charset=utf-8',
      '<p>Only <b>HTML</b></p>',
      '<p>Only <b>HTML</b></p>',
    ],
    ['a blank HTML part', 'Content-Type: text/html; charset=utf-8', '   ', null],
  ])('keeps the HTML part as sent: %s', async (_case, contentType, body, html) => {
    const raw = mail(`From: a@b.test\nSubject: html\nMIME-Version: 1.0\n${contentType}`, body);
    expect((await parseMessage(raw)).html?.trim() ?? null).toBe(html);
  });

  it('turns an HTML-only body into readable text: blocks become lines, entities decode, links drop their URL', async () => {
    const raw = mail(
      `From: a@b.test
Subject: html
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8`,
      `<html><head><style>p{color:red}</style></head><body>
<h1>Flash sale &mdash; 72&nbsp;hours</h1><p>Caf&eacute; &amp; more.</p><div>Second&nbsp;block</div>
<table><tr><td>Cell one</td><td>Cell two</td></tr></table>
<p><a href="https://shop.test/x?utm=1">Shop now</a> &#9200;<br>Line two</p><img src="https://t.test/p.gif">
</body></html>`,
    );
    const text = (await parseMessage(raw)).text;
    expect(text).toContain('Flash sale — 72 hours');
    expect(text).toContain('Café & more.');
    expect(text).toMatch(/Café & more\.\n+Second block/);
    expect(text).toMatch(/Cell one\n+Cell two/);
    expect(text).toContain('Shop now ⏰\nLine two');
    expect(text).not.toContain('https://');
    expect(text).not.toContain('color:red');
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('decodes quoted-printable with soft line breaks', async () => {
    const raw = mail(
      `From: a@b.test
Subject: qp
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable`,
      'Vielen Dank f=C3=BCr Ihre Nachricht. Ich bin bis Freita=\ng nicht im B=C3=BCro.\n',
    );
    expect((await parseMessage(raw)).text).toBe(
      'Vielen Dank für Ihre Nachricht. Ich bin bis Freitag nicht im Büro.',
    );
  });

  it('decodes base64', async () => {
    const body = Buffer.from('Hola Alex:\n\n¿Podrías confirmar la factura?\n', 'utf8').toString('base64');
    const raw = mail(
      `From: a@b.test
Subject: b64
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64`,
      `${body}\n`,
    );
    expect((await parseMessage(raw)).text).toBe('Hola Alex:\n\n¿Podrías confirmar la factura?');
  });

  it.each([
    ['iso-8859-1', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65]), 'Café crème'],
    ['windows-1252', Buffer.from([0x93, 0x51, 0x75, 0x6f, 0x74, 0x65, 0x94, 0x20, 0x80, 0x35]), '“Quote” €5'],
    ['iso-8859-15', Buffer.from([0xa4, 0x31, 0x30]), '€10'],
  ])('decodes an 8-bit %s body', async (charset, bytes, expected) => {
    const head = Buffer.from(
      `From: a@b.test\r\nSubject: cs\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      'latin1',
    );
    expect((await parseMessage(Buffer.concat([head, bytes]))).text).toBe(expected);
  });

  it('decodes a quoted-printable windows-1252 body', async () => {
    const raw = mail(
      `From: a@b.test
Subject: qp-1252
MIME-Version: 1.0
Content-Type: text/plain; charset="windows-1252"
Content-Transfer-Encoding: quoted-printable`,
      'Price: =8050 =96 that=92s it\n',
    );
    expect((await parseMessage(raw)).text).toBe('Price: €50 – that’s it');
  });

  it('reads raw 8-bit UTF-8 headers', async () => {
    const raw = Buffer.from('From: Tomás <t@x.test>\nSubject: Reunión mañana\n\nbody\n', 'utf8');
    const m = await parseMessage(raw);
    expect(m.subject).toBe('Reunión mañana');
    expect(m.from?.name).toBe('Tomás');
  });

  it('accepts an mbox "From " line and a header-only message', async () => {
    const m = await parseMessage(
      'From sender@x.test Mon Mar  2 07:00:00 2026\nFrom: sender@x.test\nSubject: only headers\n',
    );
    expect(m.subject).toBe('only headers');
    expect(m.text).toBe('');
  });
});

describe('parseMessage: not a mail message', () => {
  it.each([
    ['empty', ''],
    ['blank lines', '\n\n   \n'],
    ['JSON', '{"from":"a@b.test","subject":"hi"}'],
    ['plain prose', 'Hello Alex, this is just text without any header.\nSecond line.'],
    ['headers without From, Message-ID or Subject', 'X-Mailer: foo\nContent-Type: text/plain\n\nbody'],
    ['a continuation line first', ' folded: value\nFrom: a@b.test\n\nbody'],
    ['a malformed line inside the header block', 'From: a@b.test\nthis is not a header\n\nbody'],
  ])('rejects %s', async (_case, raw) => {
    await expect(parseMessage(raw)).rejects.toBeInstanceOf(MailParseError);
  });

  it('rejects binary junk', async () => {
    const junk = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    ]);
    await expect(parseMessage(junk)).rejects.toBeInstanceOf(MailParseError);
  });

  it('rejects control bytes in the header block', async () => {
    await expect(parseMessage('From: a@b.test\nSubject: x\u0000y\n\nbody')).rejects.toThrow(
      /control characters/,
    );
  });

  it('is an Error with its own name', () => {
    const err = new MailParseError('x');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('MailParseError');
  });
});

describe('parseMessage: the development corpus', () => {
  // The corpus lives with the triage package, which owns it (see its test-data/README.md).
  const lines = readFileSync(new URL('../../triage/test-data/dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const records = lines.map((l) => JSON.parse(l) as { id: string; raw: string });

  it('has 110 records', () => {
    expect(records).toHaveLength(110);
  });

  it.each(records.map((r) => [r.id, r.raw] as const))(
    '%s parses with a sender, an id, a date and text',
    async (_id, raw) => {
      const m = await parseMessage(raw);
      expect(m.from?.address).toMatch(/@/);
      expect(m.messageId).toBeTruthy();
      expect(m.date).toBeInstanceOf(Date);
      expect(m.text.length).toBeGreaterThan(20);
      expect(m.text).not.toMatch(/<\/?(?:p|div|td|html)\b/i);
    },
  );
});
