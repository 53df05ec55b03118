import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWithSpamd, parseSpamdAddress, SpamdError } from '../src/index.ts';
import { startSpamd, type TestSpamd } from '../src/testing/spamd.ts';

// A real spamd on loopback (Debian's spamd, stock rules, local tests only), started for this file.
// Not installed is a failure, not a skip: scripts/ensure-spamassassin.sh installs it.
let spamd: TestSpamd;
beforeAll(async () => {
  spamd = await startSpamd();
}, 90_000);
afterAll(async () => {
  await spamd?.stop();
});

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

// The Generic Test for Unsolicited Bulk Email: every SpamAssassin scores it 1000.
const GTUBE = crlf(`From: Sender <sender@example.test>
To: Alex Morgan <alex@acme.test>
Subject: Test spam mail (GTUBE)
Date: Tue, 10 Mar 2026 12:00:00 +0000
Message-ID: <gtube-1@example.test>

This is the GTUBE, the
  Generic
  Test for
  Unsolicited
  Bulk
  Email

XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X
`);

const FRIENDLY = crlf(`From: Priya Shah <priya@partner.test>
To: Alex Morgan <alex@acme.test>
Subject: Slides for Thursday
Date: Tue, 10 Mar 2026 12:00:00 +0000
Message-ID: <slides-1@partner.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hi Alex,

thanks for the draft of the quarterly plan. I added two slides on the delivery dates
and left a few comments on the budget. Shall we go over them on Thursday at ten?

Best,
Priya
`);

// Characters of two, three and four bytes in UTF-8: the body is far longer in bytes than in
// characters, so a Content-length counted in characters makes spamd refuse it (EX_PROTOCOL).
const UNICODE = crlf(`From: =?utf-8?q?Tom=C3=A1s_Rivera?= <tomas@partner.test>
To: Alex Morgan <alex@acme.test>
Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=
Date: Tue, 10 Mar 2026 12:00:00 +0000
Message-ID: <unicode-1@partner.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Grüße aus München, señor Müller! Das Meeting ist am Donnerstag.
日本語のテキストも少し。会議は木曜日です。
Zum Abschluss: 🎉🚀✅
`);

// ISO-8859-1 as older mailers send it: one byte a character, bytes above 0x7f in the body.
const LATIN1 = crlf(`From: Jonas Weber <jonas@partner.test>
To: Alex Morgan <alex@acme.test>
Subject: Termin
Date: Tue, 10 Mar 2026 12:00:00 +0000
Message-ID: <latin1-1@partner.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: 8bit

Grüße aus München! Können wir uns nächste Woche treffen? Ça va, señor?
`);

describe('checkWithSpamd against a real spamd', () => {
  it('started within a minute and answered PING', () => {
    expect(spamd.startupMs).toBeLessThan(60_000);
  });

  it.each([
    { name: 'GTUBE', raw: GTUBE, isSpam: true },
    { name: 'a friendly business message', raw: FRIENDLY, isSpam: false },
    { name: 'a UTF-8 body (string)', raw: UNICODE, isSpam: false },
    { name: 'a UTF-8 body (Buffer)', raw: Buffer.from(UNICODE, 'utf8'), isSpam: false },
    {
      name: 'an 8-bit latin1 body (Buffer)',
      raw: Buffer.from(LATIN1, 'latin1'),
      isSpam: false,
    },
  ])('$name: isSpam $isSpam', async ({ raw, isSpam }) => {
    const verdict = await checkWithSpamd(raw, { host: spamd.host, port: spamd.port });
    expect(verdict.isSpam).toBe(isSpam);
    expect(verdict.threshold).toBe(5);
    if (isSpam) expect(verdict.score).toBeGreaterThanOrEqual(1000);
    else expect(verdict.score).toBeLessThan(5);
  });

  it('counts Content-length in bytes: the UTF-8 message is longer in bytes than in characters', () => {
    expect(Buffer.byteLength(UNICODE, 'utf8')).toBeGreaterThan(UNICODE.length + 30);
  });

  it('reports a spamd status other than EX_OK in words (EX_PROTOCOL for a wrong Content-length)', async () => {
    // Between client and spamd, a relay that announces 5 bytes more than the client sends.
    const relay = await listen((client) => {
      const upstream = connect(spamd.port, spamd.host);
      let head = Buffer.alloc(0);
      let forwarded = false;
      client.on('data', (chunk: Buffer) => {
        if (forwarded) return void upstream.write(chunk);
        head = Buffer.concat([head, chunk]);
        const text = head.toString('latin1');
        if (!text.includes('\r\n\r\n')) return;
        forwarded = true;
        upstream.write(
          Buffer.from(
            text.replace(/Content-length: (\d+)/, (_, n) => `Content-length: ${Number(n) + 5}`),
            'latin1',
          ),
        );
      });
      client.on('end', () => upstream.end());
      upstream.pipe(client);
      upstream.on('error', () => client.destroy());
    });
    try {
      const error = await checkWithSpamd(FRIENDLY, { host: '127.0.0.1', port: relay.port }).catch((e) => e);
      expect(error).toBeInstanceOf(SpamdError);
      expect(error.failure).toBe('SPAMD_STATUS');
      expect(error.status).toBe(76);
      expect(error.message).toMatch(
        new RegExp(
          `^spamd at 127\\.0\\.0\\.1:${relay.port} refused the check with EX_PROTOCOL \\(76\\): .*Content-Length mismatch`,
        ),
      );
    } finally {
      await relay.close();
    }
  });

  it('answers several checks one after another', async () => {
    const verdicts = [];
    for (const raw of [FRIENDLY, GTUBE, FRIENDLY]) {
      verdicts.push(await checkWithSpamd(raw, { host: spamd.host, port: spamd.port }));
    }
    expect(verdicts.map((v) => v.isSpam)).toEqual([false, true, false]);
  });
});

/** A server on a free loopback port that does what `onConnection` says with each connection. */
async function listen(
  onConnection: (socket: Socket) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  // Half-open like spamd: the client closing its side after the message does not close this one.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the test server has no port');
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = await listen(() => undefined);
  await server.close();
  return server.port;
}

describe('checkWithSpamd: failures in words', () => {
  it('nothing listening: connection refused, naming host and port', async () => {
    const port = await closedPort();
    const error = await checkWithSpamd(GTUBE, { host: '127.0.0.1', port }).catch((e) => e);
    expect(error).toBeInstanceOf(SpamdError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SpamdError');
    expect(error.failure).toBe('CONNECTION_REFUSED');
    expect(error.message).toBe(
      `Could not reach spamd: nothing listening on 127.0.0.1:${port} (connection refused)`,
    );
  });

  it('a server that accepts and never answers: a timeout within timeoutMs', async () => {
    const silent = await listen((socket) => socket.resume());
    try {
      const started = Date.now();
      const error = await checkWithSpamd(GTUBE, {
        host: '127.0.0.1',
        port: silent.port,
        timeoutMs: 300,
      }).catch((e) => e);
      const took = Date.now() - started;
      expect(error).toBeInstanceOf(SpamdError);
      expect(error.failure).toBe('TIMEOUT');
      expect(error.message).toBe(`spamd at 127.0.0.1:${silent.port} did not answer within 300 ms`);
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });

  it.each([
    {
      name: 'an HTTP server',
      answer: 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n',
      failure: 'BAD_ANSWER',
      message: /gave an answer that is not the spamc protocol: "HTTP\/1\.1 400 Bad Request"$/,
    },
    {
      name: 'binary noise',
      answer: '\x00\x01\x02\xff garbage',
      failure: 'BAD_ANSWER',
      message: /gave an answer that is not the spamc protocol: "\\u0000\\u0001\\u0002/,
    },
    {
      name: 'a SPAMD line that is not a status line',
      answer: 'SPAMD/one two three\r\n\r\n',
      failure: 'BAD_ANSWER',
      message: /not the spamc protocol: "SPAMD\/one two three"$/,
    },
    {
      name: 'EX_OK without a Spam header',
      answer: 'SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n',
      failure: 'BAD_ANSWER',
      message: /answered SPAMD\/1\.1 0 EX_OK without a Spam header$/,
    },
    {
      name: 'a Spam header without numbers',
      answer: 'SPAMD/1.1 0 EX_OK\r\nSpam: True ; lots / some\r\n\r\n',
      failure: 'BAD_ANSWER',
      message: /sent a Spam header that is not "True\|False ; score \/ threshold": "True ; lots \/ some"$/,
    },
    {
      name: 'a status of its own (EX_TEMPFAIL)',
      answer: 'SPAMD/1.0 75 Try again later\r\n',
      failure: 'SPAMD_STATUS',
      message: /refused the check with EX_TEMPFAIL \(75\): Try again later$/,
    },
    {
      name: 'an unknown status',
      answer: 'SPAMD/1.0 99 Weird\r\n',
      failure: 'SPAMD_STATUS',
      message: /refused the check with an unknown status \(99\): Weird$/,
    },
    {
      name: 'nothing at all (closes at once)',
      answer: '',
      failure: 'BAD_ANSWER',
      message: /closed the connection without an answer$/,
    },
    {
      name: 'half an answer',
      answer: 'SPAMD/1.1 0 EX_OK\r\n',
      failure: 'BAD_ANSWER',
      message: /answered SPAMD\/1\.1 0 EX_OK without a Spam header$/,
    },
  ])('a server answering $name: $failure', async ({ answer, failure, message }) => {
    const liar = await listen((socket) => {
      socket.once('data', () => socket.end(Buffer.from(answer, 'latin1')));
    });
    try {
      const error = await checkWithSpamd(FRIENDLY, {
        host: '127.0.0.1',
        port: liar.port,
        timeoutMs: 5_000,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(SpamdError);
      expect(error.failure).toBe(failure);
      expect(error.message).toMatch(message);
      expect(error.message).toContain(`spamd at 127.0.0.1:${liar.port}`);
    } finally {
      await liar.close();
    }
  });

  it('garbage that never ends is refused at once, without waiting for the timeout', async () => {
    const chatty = await listen((socket) => {
      socket.write('<html><body>hello, this is not spamd');
      socket.resume();
    });
    try {
      const started = Date.now();
      const error = await checkWithSpamd(FRIENDLY, {
        host: '127.0.0.1',
        port: chatty.port,
        timeoutMs: 5_000,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(SpamdError);
      expect(error.failure).toBe('BAD_ANSWER');
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await chatty.close();
    }
  });

  it('parses a spamd answer in pieces, with Yes/No and a negative score', async () => {
    const slow = await listen((socket) => {
      socket.once('data', () => {
        socket.write('SPA');
        setTimeout(() => socket.write('MD/1.1 0 EX_OK\r\nSpam: No ; -'), 20);
        setTimeout(() => socket.end('1.5 / 6.5\r\n\r\n'), 40);
      });
    });
    try {
      await expect(
        checkWithSpamd('Subject: x\r\n\r\nx\r\n', { host: '127.0.0.1', port: slow.port }),
      ).resolves.toEqual({
        isSpam: false,
        score: -1.5,
        threshold: 6.5,
      });
    } finally {
      await slow.close();
    }
  });

  it('an invalid port or timeout is refused before connecting', async () => {
    await expect(checkWithSpamd('x', { host: '127.0.0.1', port: 0 })).rejects.toThrow(SpamdError);
    await expect(checkWithSpamd('x', { host: '127.0.0.1', port: 783, timeoutMs: 0 })).rejects.toThrow(
      /timeoutMs must be a positive number/,
    );
  });
});

describe('parseSpamdAddress', () => {
  it.each([
    ['127.0.0.1:783', { host: '127.0.0.1', port: 783 }],
    ['localhost:10783', { host: 'localhost', port: 10783 }],
    ['spamd.internal.example:783', { host: 'spamd.internal.example', port: 783 }],
    ['spam_filter-1:65535', { host: 'spam_filter-1', port: 65535 }],
    ['[::1]:783', { host: '::1', port: 783 }],
    ['[2001:db8::5]:1', { host: '2001:db8::5', port: 1 }],
    ['  127.0.0.1:783\n', { host: '127.0.0.1', port: 783 }],
  ])('%j', (value, expected) => {
    expect(parseSpamdAddress(value)).toEqual(expected);
  });

  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['127.0.0.1', 'the port is missing'],
    ['127.0.0.1:', 'the port is missing'],
    [':783', 'the host is missing'],
    ['localhost:spamd', 'the port "spamd" is not a number'],
    ['localhost:-1', 'the port "-1" is not a number'],
    ['localhost:0', 'the port 0 is not between 1 and 65535'],
    ['localhost:65536', 'the port 65536 is not between 1 and 65535'],
    ['::1:783', 'put an IPv6 address in brackets, as in [::1]:783'],
    ['::1', 'put an IPv6 address in brackets, as in [::1]:783'],
    ['[::1]', 'the port is missing'],
    ['[::1]:', 'the port is missing'],
    ['[localhost]:783', '"localhost" in brackets is not an IPv6 address'],
    ['tcp://127.0.0.1:783', 'give a host and port, not a URL'],
    ['spam d:783', '"spam d" is not a host name'],
  ])('%j: %s', (value, why) => {
    expect(() => parseSpamdAddress(value)).toThrow(SpamdError);
    expect(() => parseSpamdAddress(value)).toThrow(
      `Invalid spamd address ${JSON.stringify(value)}: ${why}. Expected host:port, e.g. 127.0.0.1:783 or [::1]:783`,
    );
  });
});
