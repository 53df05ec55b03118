import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ImapConnectionError } from './imap-errors.ts';
import type { ImapSettings } from './imap-settings.ts';

/** Loopback, private, link-local, shared and unspecified ranges: the server's own network. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

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
