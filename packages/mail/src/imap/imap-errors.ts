import type { ImapSettings } from './imap-settings.ts';

export type ImapFailure =
  | 'AUTHENTICATION_FAILED'
  | 'TLS_MISMATCH'
  | 'TLS_UNTRUSTED'
  | 'UNKNOWN_HOST'
  | 'CONNECTION_REFUSED'
  | 'TIMEOUT'
  | 'NO_INBOX'
  | 'PRIVATE_ADDRESS'
  | 'CONNECTION_FAILED';

/** A failure to reach or use the mailbox, with a sentence its owner can act on. */
export class ImapConnectionError extends Error {
  override name = 'ImapConnectionError';
  constructor(
    readonly failure: ImapFailure,
    message: string,
  ) {
    super(message);
  }
}

interface ImapFlowErrorFields {
  code?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  message?: string;
}

const TLS_VERSION_MISMATCH = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'EPROTO',
]);
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Turns what ImapFlow and Node report into one of the usual failures, in words. */
export function describeImapError(error: unknown, settings: ImapSettings): ImapConnectionError {
  if (error instanceof ImapConnectionError) return error;
  const fields = (typeof error === 'object' && error ? error : {}) as ImapFlowErrorFields;
  const where = `${settings.host}:${settings.port}`;
  const code = fields.code ?? '';
  const serverSaid = fields.responseText ? ` (the server said: ${fields.responseText})` : '';

  if (fields.authenticationFailed || fields.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return new ImapConnectionError(
      'AUTHENTICATION_FAILED',
      settings.secret.kind === 'password'
        ? `The server refused the user name or password for ${settings.username}. Check them; Gmail, Outlook and Fastmail need an app password, not your usual one${serverSaid}.`
        : `The server refused the OAuth2 access token for ${settings.username}: it may have expired or lack the IMAP scope, or belong to another user. Get a new one${serverSaid}.`,
    );
  }
  if (/unsupported authentication mechanism/i.test(fields.message ?? '')) {
    return new ImapConnectionError(
      'AUTHENTICATION_FAILED',
      `${where} does not accept ${settings.secret.kind === 'oauth2' ? 'OAuth2 access tokens' : 'passwords'} for logging in; try the other way of signing in.`,
    );
  }
  if (TLS_VERSION_MISMATCH.has(code) || /wrong version number/i.test(fields.message ?? '')) {
    return new ImapConnectionError(
      'TLS_MISMATCH',
      `${where} does not speak TLS from the start. Choose STARTTLS (usually port 143), or the server's TLS port (usually 993).`,
    );
  }
  if (code === 'GREETING_TIMEOUT' || code === 'ClosedAfterConnectText') {
    return new ImapConnectionError(
      'TLS_MISMATCH',
      `${where} did not greet us as an IMAP server should without TLS; it probably expects TLS from the start. Choose TLS (usually port 993).`,
    );
  }
  if (/STARTTLS/i.test(fields.message ?? '') && settings.security === 'starttls') {
    return new ImapConnectionError(
      'TLS_MISMATCH',
      `${where} does not offer STARTTLS, so your password would cross the network in clear. Choose TLS (usually port 993).`,
    );
  }
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return new ImapConnectionError(
      'TLS_UNTRUSTED',
      `The TLS certificate of ${where} is not trusted (${fields.message ?? code}). Check the host name; a private server's authority can be trusted with NODE_EXTRA_CA_CERTS.`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ImapConnectionError(
      'UNKNOWN_HOST',
      `The host ${settings.host} could not be found. Check its spelling.`,
    );
  }
  if (code === 'ECONNREFUSED') {
    return new ImapConnectionError(
      'CONNECTION_REFUSED',
      `Nothing accepts IMAP connections at ${where}. Check the host and port (993 for TLS, 143 for STARTTLS).`,
    );
  }
  if (code === 'CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'ETIMEOUT') {
    return new ImapConnectionError(
      'TIMEOUT',
      `${where} did not answer in time. Check the host and port, and that a firewall lets IMAP through.`,
    );
  }
  return new ImapConnectionError(
    'CONNECTION_FAILED',
    `Could not use the mailbox at ${where}: ${fields.responseText ?? fields.message ?? String(error)}`,
  );
}

export function noInboxError(settings: ImapSettings, cause: unknown): ImapConnectionError {
  const text = (cause as ImapFlowErrorFields | undefined)?.responseText;
  return new ImapConnectionError(
    'NO_INBOX',
    `Signed in to ${settings.host}, but the INBOX of ${settings.username} cannot be opened${text ? ` (the server said: ${text})` : ''}.`,
  );
}
