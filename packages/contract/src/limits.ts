export { AUTO_REPLY_MAX_LENGTH, PAGE_LIMIT_MAX, PASSWORD_MIN_LENGTH } from '@drift/domain/browser';

export const ID_MAX_LENGTH = 100;
export const NAME_MAX_LENGTH = 200;
export const PASSWORD_MAX_LENGTH = 200;
export const VIP_SENDERS_MAX = 500;
export const URGENT_KEYWORDS_MAX = 500;
export const URGENT_KEYWORD_MAX_LENGTH = 100;
export const ALIASES_MAX = 50;

export const MAILBOX_HOST_MAX_LENGTH = 253;
export const MAILBOX_USERNAME_MAX_LENGTH = 320;
export const MAILBOX_PASSWORD_MAX_LENGTH = 1000;
export const MAILBOX_ACCESS_TOKEN_MAX_LENGTH = 10_000;

/** A DNS host name (labels of letters, digits and inner hyphens) or an IPv6/IPv4 literal. */
export const HOST_NAME_PATTERN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9a-fA-F:]+$/;
