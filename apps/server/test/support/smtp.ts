// A real SMTP server on loopback that receives what the product sends (auto-replies), records the
// envelope and the raw message, and can be told to refuse recipients or to stop listening.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMailTransport, type MailTransport, type ParsedMessage, parseMessage } from '@drift/mail';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The MAIL FROM address: '' for the null sender `<>`. */
  mailFrom: string | null;
  /** Every accepted RCPT TO address, in order. */
  rcptTo: string[];
  /** The message exactly as it came over DATA. */
  raw: string;
  /** `raw` read by the product's own parser (headers lower-cased, ids without brackets). */
  parsed: ParsedMessage;
}

/** How the server answers RCPT TO: accept, or refuse permanently (550) or temporarily (451). */
export type RcptMode = 'accept' | 550 | 451;

export interface SmtpSink {
  readonly port: number;
  /** `smtp://127.0.0.1:PORT`, what the product's mail transport is configured with. */
  readonly url: string;
  /** Messages accepted so far, in order of arrival. */
  readonly received: ReceivedMail[];
  /** RCPT TO addresses the server refused, in order. */
  readonly refused: string[];
  setRcptMode(mode: RcptMode): void;
  /** Forget what was received and accept recipients again. */
  reset(): void;
  /** Waits (bounded) until at least `count` messages arrived; returns all of them. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Stops listening (the port refuses connections) until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** A product mail transport pointed at this server. */
  createTransport(): MailTransport;
  close(): Promise<void>;
}

async function listen(server: SMTPServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.server.address();
      if (typeof address !== 'object' || address === null) reject(new Error('SMTP server has no address'));
      else resolve(address.port);
    });
  });
}

/** Starts the sink on 127.0.0.1 (a free port unless one is given). */
export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const refused: string[] = [];
  let rcptMode: RcptMode = 'accept';
  const outboxDir = await mkdtemp(join(tmpdir(), 'drift-smtp-outbox-'));
  const transports: MailTransport[] = [];

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (rcptMode === 'accept') return callback();
        refused.push(address.address);
        const error = Object.assign(new Error(rcptMode === 550 ? 'Mailbox unavailable' : 'Try again later'), {
          responseCode: rcptMode,
        });
        return callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => callback(error));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const { mailFrom, rcptTo } = session.envelope;
          // Recorded before the server answers 250, so a send that resolved is already here.
          parseMessage(raw).then(
            (parsed) => {
              received.push({
                mailFrom: mailFrom ? mailFrom.address : null,
                rcptTo: rcptTo.map((r) => r.address),
                raw,
                parsed,
              });
              callback();
            },
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
        });
      },
    });

  let server = create();
  const port = await listen(server, options.port ?? 0);
  let listening = true;

  const stop = async () => {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refused,
    setRcptMode(mode) {
      rcptMode = mode;
    },
    reset() {
      received.length = 0;
      refused.length = 0;
      rcptMode = 'accept';
    },
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return [...received];
    },
    stop,
    async start() {
      if (listening) return;
      server = create();
      await listen(server, port);
      listening = true;
    },
    createTransport() {
      const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir });
      transports.push(transport);
      return transport;
    },
    async close() {
      await stop();
      for (const transport of transports) transport.close();
      await rm(outboxDir, { recursive: true, force: true });
    },
  };
}
