export {
  type ConflictingSession,
  DOMAIN_ERROR_CODES as ERROR_CODES,
  type DomainErrorCode as ErrorCode,
  ERROR_TABLE,
  type ErrorDetails,
  type FieldError,
  HTTP_STATUS,
} from '@drift/domain/browser';
