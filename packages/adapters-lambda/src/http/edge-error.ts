import type { FieldIssue } from '@app/core';

/** Failures the HTTP edge itself detects, before a request reaches the core. */
export const EDGE_ERROR_CODES = [
  'UNAUTHORIZED',
  'ROUTE_NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const;

export type EdgeErrorCode = (typeof EDGE_ERROR_CODES)[number];

/** An edge failure with a client-facing `detail`; mapped to HTTP with the domain errors. */
export class EdgeError extends Error {
  override readonly name = 'EdgeError';

  constructor(
    readonly code: EdgeErrorCode,
    readonly detail: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(detail);
  }
}
