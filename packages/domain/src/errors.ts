/** tRPC's error code names (TRPC_ERROR_CODE_KEY): domain imports no tRPC; @drift/api checks they match. */
export type TrpcCodeName =
  | 'PARSE_ERROR'
  | 'BAD_REQUEST'
  | 'INTERNAL_SERVER_ERROR'
  | 'NOT_IMPLEMENTED'
  | 'BAD_GATEWAY'
  | 'SERVICE_UNAVAILABLE'
  | 'GATEWAY_TIMEOUT'
  | 'UNAUTHORIZED'
  | 'PAYMENT_REQUIRED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_SUPPORTED'
  | 'TIMEOUT'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE_CONTENT'
  | 'PRECONDITION_REQUIRED'
  | 'TOO_MANY_REQUESTS'
  | 'CLIENT_CLOSED_REQUEST';

/**
 * Every error code with its HTTP status and tRPC code; all other error mappings derive from this.
 * Where codes share a status or tRPC code, the first listed is what that status or tRPC code maps back to.
 */
export const ERROR_TABLE = {
  VALIDATION_ERROR: { status: 400, trpc: 'BAD_REQUEST' },
  UNAUTHORIZED: { status: 401, trpc: 'UNAUTHORIZED' },
  INVALID_API_KEY: { status: 401, trpc: 'UNAUTHORIZED' },
  INSUFFICIENT_SCOPE: { status: 403, trpc: 'FORBIDDEN' },
  FEATURE_NOT_AVAILABLE: { status: 403, trpc: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, trpc: 'NOT_FOUND' },
  CONFLICT: { status: 409, trpc: 'CONFLICT' },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  RATE_LIMIT_EXCEEDED: { status: 429, trpc: 'TOO_MANY_REQUESTS' },
  INTERNAL_ERROR: { status: 500, trpc: 'INTERNAL_SERVER_ERROR' },
  SERVICE_UNAVAILABLE: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
} as const satisfies Record<string, { status: number; trpc: TrpcCodeName }>;

export type DomainErrorCode = keyof typeof ERROR_TABLE;

export const DOMAIN_ERROR_CODES = Object.keys(ERROR_TABLE) as readonly DomainErrorCode[];

/** One problem with one request field; `field` is its path joined with "." (e.g. `vip_senders.2`). */
export interface FieldError {
  field: string;
  message: string;
}

/** The session an overlapping one collides with, dates as ISO strings. */
export interface ConflictingSession {
  id: string;
  start_date: string;
  end_date: string;
}

/** Machine-readable facts beside an error's message, for clients that act on them. */
export interface ErrorDetails {
  fields?: FieldError[];
  conflicting_session?: ConflictingSession;
}

export interface DomainErrorOptions extends ErrorOptions {
  details?: ErrorDetails;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: DomainErrorCode, message: string, options?: DomainErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = options?.details;
  }
}

/** Details naming the one field a validation error concerns. */
export function fieldDetails(field: string, message: string): ErrorDetails {
  return { fields: [{ field, message }] };
}

export const HTTP_STATUS: Record<DomainErrorCode, number> = Object.fromEntries(
  DOMAIN_ERROR_CODES.map((code) => [code, ERROR_TABLE[code].status]),
) as Record<DomainErrorCode, number>;

/** Each key's first code in the table: 401 means UNAUTHORIZED, not INVALID_API_KEY. */
function firstCodeBy<K extends PropertyKey>(
  keyOf: (code: DomainErrorCode) => K,
): Partial<Record<K, DomainErrorCode>> {
  const codes: Partial<Record<K, DomainErrorCode>> = {};
  for (const code of DOMAIN_ERROR_CODES) codes[keyOf(code)] ??= code;
  return codes;
}

/** Our code for a tRPC code that did not come from a DomainError (e.g. tRPC's own failures). */
export const DOMAIN_CODE_OF_TRPC: Readonly<Partial<Record<TrpcCodeName, DomainErrorCode>>> = {
  ...firstCodeBy((code) => ERROR_TABLE[code].trpc),
  // Not derivable: codes only tRPC itself raises (a bad body, a wrong method); no DomainError has them.
  PARSE_ERROR: 'VALIDATION_ERROR',
  UNSUPPORTED_MEDIA_TYPE: 'VALIDATION_ERROR',
  UNPROCESSABLE_CONTENT: 'VALIDATION_ERROR',
  METHOD_NOT_SUPPORTED: 'NOT_FOUND',
};

/** Our code for an HTTP status that did not come from a DomainError (e.g. Fastify's own failures). */
export const DOMAIN_CODE_OF_STATUS: Readonly<Partial<Record<number, DomainErrorCode>>> = {
  ...firstCodeBy((code) => ERROR_TABLE[code].status),
  // Not derivable: statuses only the frameworks send (wrong method, media type); no DomainError has one.
  405: 'NOT_FOUND',
  415: 'VALIDATION_ERROR',
};

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
