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
  const { headers, multiValueHeaders } = event;
  for (const key in headers) {
    if (!Object.hasOwn(headers, key)) continue;
    const value = headers[key];
    if (key.length === wanted.length && key.toLowerCase() === wanted && value !== undefined) return value;
  }
  for (const key in multiValueHeaders) {
    if (!Object.hasOwn(multiValueHeaders, key)) continue;
    const values = multiValueHeaders[key];
    if (key.length !== wanted.length || key.toLowerCase() !== wanted) continue;
    if (values !== undefined && values.length > 0) return values.at(-1);
  }
  return undefined;
}

/**
 * `application/json`, with any parameters, in any case. A declared charset must be UTF-8
 * (RFC 8259): anything else is refused rather than misread.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType === 'application/json') return true;
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
    text = bytes === undefined ? withoutBom(raw) : utf8.decode(bytes);
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

/** Any UTF-16 surrogate: only then can a text body differ from its UTF-8 round trip. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A text body as the decoder would return it after encoding it to UTF-8: the same string
 * without a leading byte order mark (a string without surrogates needs no round trip).
 */
function withoutBom(raw: string): string {
  return raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
}

/** The bytes to decode: a base64 body's, or a text body's only when it has surrogates (else `undefined`). */
function bodyBytes(raw: string, isBase64Encoded: boolean): Uint8Array | undefined {
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
  return SURROGATE.test(raw) ? Buffer.from(raw, 'utf8') : undefined;
}

const payloadTooLarge = () =>
  new EdgeError('PAYLOAD_TOO_LARGE', `The request body must not exceed ${MAX_BODY_BYTES} bytes.`);

/**
 * The query parameters of the route, each given at most once; any other parameter is a 400.
 * Routes that take none pass an empty list.
 */
export function readQuery(event: APIGatewayProxyEvent, allowed: readonly string[]): Record<string, string> {
  if (event.queryStringParameters == null && event.multiValueQueryStringParameters == null) return {};
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
