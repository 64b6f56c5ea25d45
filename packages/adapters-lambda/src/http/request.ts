import { validationFailed } from '@app/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { EdgeError } from './edge-error.js';

/** The largest request body accepted, in bytes (after base64 decoding). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Longest base64 text that can decode to MAX_BODY_BYTES, checked before decoding anything. */
const MAX_BASE64_CHARS = Math.ceil(MAX_BODY_BYTES / 3) * 4;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Case-insensitive header lookup over both header maps of a REST (v1) event. */
export function headerValue(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  for (const [key, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (key.toLowerCase() === wanted && values !== undefined && values.length > 0) return values.at(-1);
  }
  return undefined;
}

/**
 * `application/json`, with any parameters, in any case. A declared charset must be UTF-8
 * (RFC 8259): anything else is refused rather than misread.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return ['utf-8', 'utf8'].includes(value.trim().replace(/^"|"$/g, '').toLowerCase());
  });
}

/**
 * The JSON body of a route that takes one: 400 when there is none, 413 over 64 KiB, 415 unless
 * labelled JSON, 400 when it is not JSON. Checked in that order, so an oversized body is never
 * decoded.
 */
export function readJsonBody(event: APIGatewayProxyEvent): unknown {
  const raw = event.body ?? '';
  if (raw === '') throw validationFailed([{ path: '(body)', message: 'a JSON body is required' }]);
  const bytes = bodyBytes(raw, event.isBase64Encoded);
  if (!isJsonContentType(headerValue(event, 'content-type'))) {
    throw new EdgeError(
      'UNSUPPORTED_MEDIA_TYPE',
      "The request body must be JSON, sent with 'Content-Type: application/json'.",
    );
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw validationFailed([{ path: '(body)', message: 'must be UTF-8 encoded JSON' }]);
  }
  if (text.trim() === '') throw validationFailed([{ path: '(body)', message: 'a JSON body is required' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw validationFailed([{ path: '(body)', message: 'must be valid JSON' }]);
  }
}

function bodyBytes(raw: string, isBase64Encoded: boolean): Uint8Array {
  if (isBase64Encoded) {
    if (raw.length > MAX_BASE64_CHARS) throw payloadTooLarge();
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length > MAX_BODY_BYTES) throw payloadTooLarge();
    return bytes;
  }
  // A UTF-16 unit encodes to at most 3 UTF-8 bytes: cheap bounds before the exact count.
  if (raw.length > MAX_BODY_BYTES) throw payloadTooLarge();
  if (raw.length * 3 > MAX_BODY_BYTES && Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    throw payloadTooLarge();
  }
  return Buffer.from(raw, 'utf8');
}

const payloadTooLarge = () =>
  new EdgeError('PAYLOAD_TOO_LARGE', `The request body must not exceed ${MAX_BODY_BYTES} bytes.`);

/**
 * The query parameters of the route, each given at most once; any other parameter is a 400.
 * Routes that take none pass an empty list.
 */
export function readQuery(event: APIGatewayProxyEvent, allowed: readonly string[]): Record<string, string> {
  const single = event.queryStringParameters ?? {};
  const multi = event.multiValueQueryStringParameters ?? {};
  const names = new Set([...Object.keys(single), ...Object.keys(multi)]);
  const issues = [];
  const query: Record<string, string> = {};
  for (const name of names) {
    if (!allowed.includes(name)) {
      issues.push({ path: name, message: 'unknown query parameter' });
      continue;
    }
    const values = multi[name] ?? [single[name]];
    const [value] = values;
    if (values.length !== 1 || value === undefined) {
      issues.push({ path: name, message: 'must be given exactly once' });
      continue;
    }
    query[name] = value;
  }
  if (issues.length > 0) throw validationFailed(issues);
  return query;
}

/** A path parameter API Gateway matched; absent only when the route was miswired. */
export function pathParameter(event: APIGatewayProxyEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined) throw validationFailed([{ path: name, message: 'is required' }]);
  return value;
}
