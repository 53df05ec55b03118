import { connect, isIP, isIPv6 } from 'node:net';

/** What SpamAssassin's spamd made of a message: its score against the threshold it was held to. */
export interface SpamdVerdict {
  isSpam: boolean;
  score: number;
  threshold: number;
}

export interface SpamdOptions {
  host: string;
  port: number;
  /** One deadline for connecting and for the answer; 10 s unless given. */
  timeoutMs?: number;
}

export type SpamdFailure =
  | 'INVALID_ADDRESS'
  | 'UNKNOWN_HOST'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_FAILED'
  | 'TIMEOUT'
  | 'SPAMD_STATUS'
  | 'BAD_ANSWER';

/** A failure to reach or use spamd, in words. */
export class SpamdError extends Error {
  override name = 'SpamdError';
  constructor(
    readonly failure: SpamdFailure,
    message: string,
    /** spamd's own status (a sysexits code such as 76, EX_PROTOCOL), when it answered with one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A CHECK answer is a status line and a header or two; anything longer is not spamd talking. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** spamd's statuses are sysexits(3) codes. */
const SPAMD_STATUS_NAMES: Record<number, string> = {
  0: 'EX_OK',
  64: 'EX_USAGE',
  65: 'EX_DATAERR',
  66: 'EX_NOINPUT',
  67: 'EX_NOUSER',
  68: 'EX_NOHOST',
  69: 'EX_UNAVAILABLE',
  70: 'EX_SOFTWARE',
  71: 'EX_OSERR',
  72: 'EX_OSFILE',
  73: 'EX_CANTCREAT',
  74: 'EX_IOERR',
  75: 'EX_TEMPFAIL',
  76: 'EX_PROTOCOL',
  77: 'EX_NOPERM',
  78: 'EX_CONFIG',
  79: 'EX_TIMEOUT',
};

const STATUS_LINE = /^SPAMD\/(\d+\.\d+) +(-?\d+)(?: +(.*))?$/;
const SPAM_HEADER = /^(true|false|yes|no) *; *(-?\d+(?:\.\d+)?) *\/ *(-?\d+(?:\.\d+)?)$/i;

function formatAddress(host: string, port: number): string {
  return `${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** The first line of what came back, short and with control characters visible, for a message. */
function quoteAnswer(answer: Buffer): string {
  const firstLine = answer.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  return JSON.stringify(firstLine.length > 80 ? `${firstLine.slice(0, 80)}...` : firstLine);
}

/**
 * Reads spamd's answer so far: a verdict once the header block is complete, an error as soon as
 * the answer cannot be spamd's, `undefined` while more is to come. `ended`: nothing more will come.
 */
function readAnswer(answer: Buffer, where: string, ended: boolean): SpamdVerdict | SpamdError | undefined {
  const notSpamd = () =>
    new SpamdError(
      'BAD_ANSWER',
      `spamd at ${where} gave an answer that is not the spamc protocol: ${quoteAnswer(answer)}`,
    );
  const prefix = 'SPAMD/';
  const start = answer.subarray(0, prefix.length).toString('latin1');
  if (!prefix.startsWith(start)) return notSpamd();

  const text = answer.toString('latin1');
  const firstBreak = text.indexOf('\n');
  if (firstBreak < 0) {
    if (answer.length > 200) return notSpamd();
    if (!ended) return undefined;
    if (answer.length === 0) {
      return new SpamdError('BAD_ANSWER', `spamd at ${where} closed the connection without an answer`);
    }
  }
  const statusLine = (firstBreak < 0 ? text : text.slice(0, firstBreak)).replace(/\r$/, '');
  const status = STATUS_LINE.exec(statusLine);
  if (!status) return notSpamd();
  const code = Number(status[2]);
  if (code !== 0) {
    const name = SPAMD_STATUS_NAMES[code] ?? 'an unknown status';
    const said = status[3]?.trim();
    return new SpamdError(
      'SPAMD_STATUS',
      `spamd at ${where} refused the check with ${name} (${code})${said && said !== name ? `: ${said}` : ''}`,
      code,
    );
  }

  // The header block ends with an empty line; spamd closes the connection right after it.
  const headerEnd = /\r?\n\r?\n/.exec(text);
  if (!headerEnd && !ended) return undefined;
  const headerLines = text
    .slice(firstBreak + 1, headerEnd ? headerEnd.index : undefined)
    .split(/\r?\n/)
    .filter(Boolean);
  const spamHeader = headerLines.find((line) => /^spam *:/i.test(line));
  if (!spamHeader) {
    return new SpamdError('BAD_ANSWER', `spamd at ${where} answered ${statusLine} without a Spam header`);
  }
  const value = spamHeader.slice(spamHeader.indexOf(':') + 1).trim();
  const verdict = SPAM_HEADER.exec(value);
  if (!verdict) {
    return new SpamdError(
      'BAD_ANSWER',
      `spamd at ${where} sent a Spam header that is not "True|False ; score / threshold": ${JSON.stringify(value)}`,
    );
  }
  return {
    isSpam: /^(true|yes)$/i.test(verdict[1] ?? ''),
    // `+ 0` turns spamd's "-0.0" into a plain 0.
    score: Number(verdict[2]) + 0,
    threshold: Number(verdict[3]) + 0,
  };
}

function connectionError(error: NodeJS.ErrnoException, where: string, host: string): SpamdError {
  // A host name with several addresses fails with an AggregateError of one error per address.
  const code = error.code ?? (error as Partial<AggregateError>).errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return new SpamdError(
        'CONNECTION_REFUSED',
        `Could not reach spamd: nothing listening on ${where} (connection refused)`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SpamdError('UNKNOWN_HOST', `Could not reach spamd: the host name ${host} was not found`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new SpamdError(
        'CONNECTION_FAILED',
        `spamd at ${where} closed the connection before answering (${code})`,
      );
    default:
      return new SpamdError('CONNECTION_FAILED', `Could not talk to spamd at ${where}: ${error.message}`);
  }
}

/**
 * Asks spamd whether a message is spam, with the spamc protocol's CHECK (the message itself is
 * not changed or returned). Fails with a `SpamdError` saying what went wrong.
 */
export function checkWithSpamd(raw: Buffer | string, options: SpamdOptions): Promise<SpamdVerdict> {
  const { host, port, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const where = formatAddress(host, port);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65_535) {
    return Promise.reject(
      new SpamdError(
        'INVALID_ADDRESS',
        `Cannot reach spamd at ${JSON.stringify(where)}: not a host and port`,
      ),
    );
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    return Promise.reject(
      new RangeError(`timeoutMs must be a positive number of milliseconds, not ${timeoutMs}`),
    );
  }
  const message = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;

  return new Promise((resolve, reject) => {
    let connected = false;
    let settled = false;
    const chunks: Buffer[] = [];
    let received = 0;
    const socket = connect({ host, port });

    const finish = (outcome: SpamdVerdict | SpamdError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      if (outcome instanceof SpamdError) reject(outcome);
      else resolve(outcome);
    };
    const deadline = setTimeout(() => {
      finish(
        new SpamdError(
          'TIMEOUT',
          connected
            ? `spamd at ${where} did not answer within ${timeoutMs} ms`
            : `Could not reach spamd: ${where} did not accept the connection within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);

    socket.once('connect', () => {
      connected = true;
      // Content-length counts bytes, not characters. The write side is closed after the message,
      // as spamc does: spamd reads the message to its end.
      socket.write(`CHECK SPAMC/1.5\r\nContent-length: ${message.length}\r\n\r\n`);
      socket.end(message);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > MAX_ANSWER_BYTES) {
        finish(
          new SpamdError(
            'BAD_ANSWER',
            `spamd at ${where} sent more than ${MAX_ANSWER_BYTES} bytes for one check: not the spamc protocol`,
          ),
        );
        return;
      }
      const outcome = readAnswer(Buffer.concat(chunks), where, false);
      if (outcome) finish(outcome);
    });
    socket.once('end', () => {
      const outcome = readAnswer(Buffer.concat(chunks), where, true);
      finish(outcome ?? new SpamdError('BAD_ANSWER', `spamd at ${where} closed the connection mid-answer`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // An answer may already be complete when the socket errs (spamd closing hard after it).
      const outcome = chunks.length > 0 ? readAnswer(Buffer.concat(chunks), where, true) : undefined;
      finish(outcome ?? connectionError(error, where, host));
    });
  });
}

const HOST_NAME = /^[a-z0-9](?:[a-z0-9_.-]*[a-z0-9])?$/i;

/**
 * Reads a spamd address as configured, `host:port`: `127.0.0.1:783`, `spamd.internal:783`,
 * `[::1]:783`. Throws a `SpamdError` that says what is wrong with anything else.
 */
export function parseSpamdAddress(value: string): { host: string; port: number } {
  const text = value.trim();
  const invalid = (why: string) =>
    new SpamdError(
      'INVALID_ADDRESS',
      `Invalid spamd address ${JSON.stringify(value)}: ${why}. Expected host:port, e.g. 127.0.0.1:783 or [::1]:783`,
    );
  if (!text) throw invalid('it is empty');
  if (text.includes('://') || text.includes('/')) throw invalid('give a host and port, not a URL');

  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    if (!isIPv6(host)) throw invalid(`${JSON.stringify(host)} in brackets is not an IPv6 address`);
    if (bracketed[2] === undefined) throw invalid('the port is missing');
    portText = bracketed[2];
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw invalid('the port is missing');
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    // "::1:783" reads as an IPv6 address as well as an address and a port: only brackets tell.
    if (host.includes(':')) throw invalid('put an IPv6 address in brackets, as in [::1]:783');
    if (!host) throw invalid('the host is missing');
    if (isIP(host) === 0 && !HOST_NAME.test(host))
      throw invalid(`${JSON.stringify(host)} is not a host name`);
  }
  if (!portText) throw invalid('the port is missing');
  if (!/^\d+$/.test(portText)) throw invalid(`the port ${JSON.stringify(portText)} is not a number`);
  const port = Number(portText);
  if (port < 1 || port > 65_535) throw invalid(`the port ${port} is not between 1 and 65535`);
  return { host, port };
}
