import { ImapFlow } from 'imapflow';
import { resolveImapHost } from './imap-host.ts';
import type { ImapClientOptions, ImapSettings } from './imap-settings.ts';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * An unconnected client for the mailbox, dialling the address resolved (and checked) beforehand;
 * `connect()` logs in. ImapFlow's own logging is off.
 */
export async function createImapClient(
  settings: ImapSettings,
  options: ImapClientOptions = {},
): Promise<ImapFlow> {
  const { address, servername } = await resolveImapHost(settings, options.allowPrivateHosts ?? true);
  const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const auth =
    settings.secret.kind === 'password'
      ? { user: settings.username, pass: settings.secret.password }
      : { user: settings.username, accessToken: settings.secret.accessToken };
  return new ImapFlow({
    host: address,
    ...(servername && { servername }),
    port: settings.port,
    secure: settings.security === 'tls',
    // Required STARTTLS refuses a server that stops offering it (a downgrade), rather than
    // sending the password in clear.
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    ...(options.ca && { tls: { ca: [options.ca] } }),
    auth,
    logger: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    clientInfo: { name: 'Drift' },
    // Start IDLE soon after each pass, so that new mail is announced at once.
    autoIdleDelay: 1_000,
    // Servers without IDLE are polled with NOOP instead, which also reports new mail.
    missingIdleCommand: 'NOOP',
  });
}
