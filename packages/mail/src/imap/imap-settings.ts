import type { ImapSecurity } from '@drift/contract';

export { IMAP_SECURITY, type ImapSecurity } from '@drift/contract';

export type ImapSecret = { kind: 'password'; password: string } | { kind: 'oauth2'; accessToken: string };

/** Everything needed to log in to one mailbox. Holds the secret in clear: never log or return it. */
export interface ImapSettings {
  host: string;
  port: number;
  security: ImapSecurity;
  username: string;
  secret: ImapSecret;
}

/** Options of the operator, not of the mailbox owner. */
export interface ImapClientOptions {
  /** Extra certificate authorities to trust (PEM), beyond Node's store and NODE_EXTRA_CA_CERTS. */
  ca?: string;
  /** Budget for DNS, TCP and TLS together, and again for the server's greeting. */
  connectTimeoutMs?: number;
  /**
   * Whether hosts on the server's own network (loopback, private, link-local) may be dialled.
   * Off, a signed-in user cannot make the server probe its internal network. Default: allowed.
   */
  allowPrivateHosts?: boolean;
}
