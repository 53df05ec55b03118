import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '@drift/domain';
import { ImapConnectionError } from './imap-errors.ts';
import type { ImapSettings } from './imap-settings.ts';

/** Where to connect: the address to dial, and the name the TLS certificate must carry. */
export interface ResolvedHost {
  address: string;
  servername: string | undefined;
}

/**
 * Resolves the mailbox's host once and, when private addresses are refused, checks every address
 * it resolves to. The connection then goes to that very address (with the host name kept for TLS),
 * so a second DNS answer cannot swap in an internal address after the check.
 */
export async function resolveImapHost(settings: ImapSettings, allowPrivate: boolean): Promise<ResolvedHost> {
  const literal = isIP(settings.host) !== 0;
  let addresses: string[];
  try {
    addresses = literal
      ? [settings.host]
      : // IPv4 first, as Node dialled before v17: a server listening on 127.0.0.1 only is reached as localhost.
        (await lookup(settings.host, { all: true, verbatim: false })).map((a) => a.address);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') {
      throw new ImapConnectionError(
        'UNKNOWN_HOST',
        `The host ${settings.host} could not be found. Check its spelling.`,
      );
    }
    throw error;
  }
  const address = addresses[0];
  if (!address) {
    throw new ImapConnectionError(
      'UNKNOWN_HOST',
      `The host ${settings.host} could not be found. Check its spelling.`,
    );
  }
  if (!allowPrivate && addresses.some(isPrivateAddress)) {
    throw new ImapConnectionError(
      'PRIVATE_ADDRESS',
      `${settings.host} is an address of the server's own network, which this server does not connect to. An operator can allow it with DRIFT_IMAP_PRIVATE_HOSTS=allow.`,
    );
  }
  return { address, servername: literal ? undefined : settings.host };
}
