import type { APIGatewayProxyResult } from 'aws-lambda';

export const JSON_CONTENT_TYPE = 'application/json';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Headers on every response: nothing the APIs return may be cached by a client or a proxy. */
const BASE_HEADERS = { 'Cache-Control': 'no-store' } as const;

export type ResponseHeaders = Record<string, string>;

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers?: ResponseHeaders,
): APIGatewayProxyResult {
  return jsonTextResponse(statusCode, JSON.stringify(body), headers);
}

/** `jsonResponse` for a body already serialised (e.g. from `orderJson`). */
export function jsonTextResponse(
  statusCode: number,
  json: string,
  headers?: ResponseHeaders,
): APIGatewayProxyResult {
  return {
    statusCode,
    headers:
      headers === undefined
        ? { 'Content-Type': JSON_CONTENT_TYPE, 'Cache-Control': BASE_HEADERS['Cache-Control'] }
        : { 'Content-Type': JSON_CONTENT_TYPE, ...BASE_HEADERS, ...headers },
    body: json,
  };
}

/** 204: an empty body, still labelled so every response carries a `Content-Type`. */
export function noContentResponse(): APIGatewayProxyResult {
  return { statusCode: 204, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...BASE_HEADERS }, body: '' };
}

export function problemResponse(
  statusCode: number,
  body: unknown,
  headers: ResponseHeaders = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...BASE_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}
