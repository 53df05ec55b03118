import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '@drift/domain';

export interface WebhookUrlCheck {
  allowPrivate: boolean;
}

export class WebhookUrlError extends Error {
  override name = 'WebhookUrlError';
  constructor(
    message: string,
    /** false: not refused, only unreachable for now (its name did not resolve); retried like any failure. */
    readonly refused = true,
  ) {
    super(message);
  }
}

/** The host of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * What can be told about a webhook URL without DNS: it parses, is https (http too when private
 * hosts are allowed), has no credentials, and does not name an internal address literally.
 * Throws WebhookUrlError with a message fit for the API's `details.fields`.
 */
export function checkWebhookUrl(value: string, { allowPrivate }: WebhookUrlCheck): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WebhookUrlError('must be an absolute URL such as https://example.com/hooks/drift');
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw new WebhookUrlError('must be an https:// URL');
  if (url.username || url.password) throw new WebhookUrlError('must not carry a user name or password');
  const host = bareHost(url);
  if (!host) throw new WebhookUrlError('must name a host');
  if (!allowPrivate) {
    if (isIP(host) !== 0 && isPrivateAddress(host)) {
      throw new WebhookUrlError(`must not point to the server's own network (${host})`);
    }
    const name = host.toLowerCase().replace(/\.$/, '');
    if (name === 'localhost' || name.endsWith('.localhost')) {
      throw new WebhookUrlError(`must not point to the server's own network (${host})`);
    }
  }
  return url;
}

/** The address a delivery connects to, vetted after DNS resolution. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host once and checks every address it resolves to; the request then goes to
 * the vetted address, so a second DNS answer cannot swap in an internal one (DNS rebinding).
 */
export async function resolveWebhookTarget(value: string, check: WebhookUrlCheck): Promise<WebhookTarget> {
  const url = checkWebhookUrl(value, check);
  const host = bareHost(url);
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: false });
    } catch {
      throw new WebhookUrlError(`host ${host} could not be resolved`, false);
    }
  }
  const first = addresses[0];
  if (!first) throw new WebhookUrlError(`host ${host} could not be resolved`, false);
  if (!check.allowPrivate) {
    const internal = addresses.find((a) => isPrivateAddress(a.address));
    if (internal) {
      throw new WebhookUrlError(`host ${host} resolves to ${internal.address}, on the server's own network`);
    }
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
