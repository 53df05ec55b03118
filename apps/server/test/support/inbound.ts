// The owner's mailbox for the inbound tests and the relay's side of POST /inbound/:token.

import { at, buildAccount, buildApiKey, buildSession, days } from '@drift/api/testing';
import type { Account, OooSession } from '@drift/db';
import { OWNER } from './raw-mail.ts';
import type { ApiResponse, Json, TestServer } from './server.ts';

export const VIP = 'maria.chen@acme.test';

export interface OwnerMailbox {
  account: Account;
  accountId: string;
  /** The secret of POST /inbound/:token. */
  token: string;
  /** An API key with every scope, for GET /api/v1/... */
  key: string;
  /** The active session, unless the mailbox was built without one. */
  session: OooSession | null;
}

export interface MailboxOptions {
  /** `false`: no session at all. Default: one that started a day ago and ends in a week. */
  session?: boolean;
  autoReplyMessage?: string | null;
}

export const AUTO_REPLY_TEXT =
  'Hi,\n\nI am out of the office until Monday 23 March with limited access to email.\nFor anything that cannot wait, please contact Priya Raman (priya.raman@acme.test).\n\nAlex';

/** Alex Morgan's account (LABELS.md): primary address, one alias, a VIP, plan team_growth. */
export async function buildOwnerMailbox(
  server: TestServer,
  options: MailboxOptions = {},
): Promise<OwnerMailbox> {
  const account = await buildAccount(server.prisma, {
    name: OWNER.name,
    email: OWNER.address,
    aliases: [OWNER.alias],
    vipSenders: [VIP],
    plan: 'team_growth',
  });
  const { key } = await buildApiKey(server.prisma, { accountId: account.id });
  const session =
    options.session === false
      ? null
      : await activeSession(server, account.id, {
          autoReplyMessage:
            options.autoReplyMessage === undefined ? AUTO_REPLY_TEXT : options.autoReplyMessage,
        });
  return { account, accountId: account.id, token: account.inboundToken, key, session };
}

/** A session active at the server's current time: started a day ago, ends in a week. */
export function activeSession(
  server: TestServer,
  accountId: string,
  options: { autoReplyMessage?: string | null; endsIn?: number } = {},
): Promise<OooSession> {
  const now = server.clock.now();
  return buildSession(server.prisma, {
    accountId,
    startDate: at(now, -days(1)),
    endDate: at(now, options.endsIn ?? days(7)),
    autoReplyMessage: options.autoReplyMessage ?? null,
  });
}

export interface InboundOptions {
  /** `null` sends no Content-Type at all. Default `message/rfc822`. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** What a mail relay does: POST the raw message to /inbound/:token. */
export async function postInbound(
  server: TestServer,
  token: string,
  body: string | Buffer | ReadableStream<Uint8Array>,
  options: InboundOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const contentType = options.contentType === undefined ? 'message/rfc822' : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const streamed = body instanceof ReadableStream;
  const response = await fetch(`${server.baseUrl}/inbound/${encodeURIComponent(token)}`, {
    method: 'POST',
    headers,
    // Bytes, never a string: fetch would add `Content-Type: text/plain` to a string body.
    body: streamed ? body : typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body),
    ...(streamed ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await response.text();
  let parsed: Json = text;
  try {
    parsed = text ? JSON.parse(text) : text;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** GET /api/v1/emails for the mailbox (all of it, newest first). */
export async function listEmails(server: TestServer, mailbox: OwnerMailbox, query = ''): Promise<Json[]> {
  const response = await server.request('GET', `/api/v1/emails?limit=100${query}`, { key: mailbox.key });
  if (response.status !== 200)
    throw new Error(`GET /api/v1/emails answered ${response.status}: ${response.text}`);
  return response.body.data;
}

/** The listed email with this external_id (the Message-ID), or a failed test. */
export async function listedEmail(
  server: TestServer,
  mailbox: OwnerMailbox,
  externalId: string,
): Promise<Json> {
  const found = (await listEmails(server, mailbox)).filter((email) => email.external_id === externalId);
  if (found.length !== 1) throw new Error(`expected one listed email ${externalId}, found ${found.length}`);
  return found[0];
}
