/** Stable, upper-snake error codes: the contract clients program against (api.md "Errors"). */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'USER_NOT_FOUND',
  'ORDER_NOT_FOUND',
  'ORDER_NOT_EDITABLE',
  'ORDER_NOT_CANCELABLE',
  'READ_ONLY_FIELD',
  'USER_EXISTS',
  'ORDER_EXISTS',
  'IDEMPOTENCY_IN_PROGRESS',
  'IDEMPOTENCY_KEY_REUSED',
  'INVALID_CURSOR',
  'FORBIDDEN',
  'SERVICE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One offending input location, e.g. `{ path: 'orderItems.0.price', message: '…' }`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Every failure the domain reports. The HTTP edge maps `code` to a status in one place;
 * `detail` is written for API clients and never carries internal information.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly issues: readonly FieldIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

export const validationFailed = (issues: readonly FieldIssue[]): DomainError =>
  new DomainError('VALIDATION_FAILED', 'The request is not valid.', issues);

export const readOnlyField = (field: string): DomainError =>
  new DomainError('READ_ONLY_FIELD', `The field '${field}' is read-only and cannot be changed.`, [
    { path: field, message: 'read-only: send it unchanged or leave it out' },
  ]);

/** Raised by storage adapters when the backing service stays throttled or unreachable after retries. */
export const serviceUnavailable = (cause?: unknown): DomainError =>
  new DomainError('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Retry later.', [], {
    cause,
  });
