import { type ErrorCode, type FieldIssue, isDomainError } from '@app/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { EdgeError, type EdgeErrorCode } from './edge-error.js';
import { problemResponse, type ResponseHeaders } from './response.js';

export type ProblemCode = ErrorCode | EdgeErrorCode;

/** An RFC 9457 problem details body, as every error response carries it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  requestId: string;
  errors?: FieldIssue[];
}

/** Base of the `type` URIs: one per code, e.g. `…/problems/validation-failed`. */
export const PROBLEM_TYPE_BASE = 'https://serverless-workshop.example/problems/';

/** Seconds a client should wait before retrying a 503. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

interface ProblemMapping {
  status: number;
  title: string;
  headers?: ResponseHeaders;
  /** Replaces the error's own detail (for 5xx, whose bodies stay generic). */
  detail?: string;
}

/**
 * The one mapping from error codes to HTTP. Typed over every code, so a code added to the core
 * does not compile until it has a status here.
 */
export const PROBLEM_MAPPINGS: Readonly<Record<ProblemCode, ProblemMapping>> = {
  VALIDATION_FAILED: { status: 400, title: 'Validation failed' },
  READ_ONLY_FIELD: { status: 400, title: 'Read-only field' },
  ORDER_NOT_EDITABLE: { status: 400, title: 'Order not editable' },
  ORDER_NOT_CANCELABLE: { status: 400, title: 'Order not cancelable' },
  INVALID_CURSOR: { status: 400, title: 'Invalid cursor' },
  UNAUTHORIZED: { status: 401, title: 'Unauthorized' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  USER_NOT_FOUND: { status: 404, title: 'User not found' },
  ORDER_NOT_FOUND: { status: 404, title: 'Order not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Route not found' },
  USER_EXISTS: { status: 409, title: 'User exists' },
  ORDER_EXISTS: { status: 409, title: 'Order exists' },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: 'Request in progress',
    headers: { 'Retry-After': '1' },
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused' },
  INTERNAL: {
    status: 500,
    title: 'Internal error',
    detail: 'The request could not be processed. Retry later.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    headers: { 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
    detail: 'The service is temporarily unavailable. Retry later.',
  },
};

export interface MappedError {
  response: APIGatewayProxyResult;
  problem: Problem;
  /** False for errors the edge does not recognise: the caller logs them with the error. */
  known: boolean;
}

/**
 * Turns any thrown value into a problem+json response. Domain and edge errors keep their code
 * and client-facing detail; anything else becomes a generic 500 that reveals nothing.
 */
export function mapError(error: unknown, requestId: string): MappedError {
  const known = isDomainError(error) || error instanceof EdgeError;
  const code: ProblemCode = known ? error.code : 'INTERNAL';
  const mapping = PROBLEM_MAPPINGS[code];
  const issues = known ? error.issues : [];
  const problem: Problem = {
    type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replaceAll('_', '-')}`,
    title: mapping.title,
    status: mapping.status,
    detail: mapping.detail ?? (known ? error.detail : ''),
    code,
    requestId,
    ...(issues.length > 0 ? { errors: issues.map(({ path, message }) => ({ path, message })) } : {}),
  };
  return { response: problemResponse(mapping.status, problem, mapping.headers), problem, known };
}
