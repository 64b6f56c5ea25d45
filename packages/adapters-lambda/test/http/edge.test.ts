import { DomainError, ERROR_CODES } from '@app/core';
import { describe, expect, it } from 'vitest';
import { EdgeError } from '../../src/http/edge-error.js';
import { mapError, PROBLEM_MAPPINGS } from '../../src/http/problem.js';
import { isJsonContentType, MAX_BODY_BYTES } from '../../src/http/request.js';
import { bodyOf, createTestApp } from '../helpers/app.js';
import { ALICE, invoke, newOrder } from '../helpers/orders.js';

const post = (options: Parameters<typeof invoke>[4]) =>
  invoke(createTestApp().handlers.addOrder, ALICE, 'POST', '/orders', options);

/** The sample order as JSON, padded with trailing spaces to exactly `bytes` bytes. */
const orderOfBytes = (bytes: number) => {
  const json = JSON.stringify(newOrder());
  return json + ' '.repeat(bytes - Buffer.byteLength(json));
};

describe('the HTTP edge', () => {
  describe('Content-Type', () => {
    it.each([
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON;Charset="UTF-8"',
      'application/json ; version=2',
    ])('accepts %s', async (contentType) => {
      const response = await post({
        body: JSON.stringify(newOrder()),
        headers: { 'Content-Type': contentType },
      });

      expect(response.statusCode).toBe(200);
    });

    it.each(['content-type', 'CONTENT-TYPE', 'Content-type'])('finds the header named %s', async (name) => {
      const response = await post({
        body: JSON.stringify(newOrder()),
        headers: { [name]: 'application/json' },
      });

      expect(response.statusCode).toBe(200);
    });

    it.each([
      ['no Content-Type', undefined],
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['application/jsonp', 'application/jsonp'],
      ['a charset other than UTF-8', 'application/json; charset=iso-8859-1'],
    ])('answers 415 UNSUPPORTED_MEDIA_TYPE for %s', async (_, contentType) => {
      const response = await post({
        body: JSON.stringify(newOrder()),
        headers: contentType === undefined ? {} : { 'Content-Type': contentType },
      });

      expect(response.statusCode).toBe(415);
      expect(bodyOf(response)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('checks the media type only where the route takes a body', async () => {
      const app = createTestApp();

      const response = await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders', {
        headers: { 'Content-Type': 'text/plain' },
      });

      expect(response.statusCode).toBe(200);
    });
  });

  describe('body size', () => {
    it('accepts a body of exactly 64 KiB', async () => {
      const response = await post({
        body: orderOfBytes(MAX_BODY_BYTES),
        headers: { 'Content-Type': 'application/json' },
      });

      expect(response.statusCode).toBe(200);
    });

    it('answers 413 PAYLOAD_TOO_LARGE one byte over, before looking at the Content-Type', async () => {
      const response = await post({
        body: orderOfBytes(MAX_BODY_BYTES + 1),
        headers: { 'Content-Type': 'text/plain' },
      });

      expect(response.statusCode).toBe(413);
      expect(bodyOf(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });

    it('counts bytes, not characters', async () => {
      const body = JSON.stringify({ ...newOrder(), note: 'é'.repeat(MAX_BODY_BYTES / 2) });

      const response = await post({ body, headers: { 'Content-Type': 'application/json' } });

      expect(body.length).toBeLessThan(MAX_BODY_BYTES);
      expect(response.statusCode).toBe(413);
    });

    it('decodes base64 bodies and counts their decoded bytes', async () => {
      const fits = await post({
        body: Buffer.from(orderOfBytes(MAX_BODY_BYTES)).toString('base64'),
        isBase64Encoded: true,
        headers: { 'Content-Type': 'application/json' },
      });
      const tooLarge = await post({
        body: Buffer.from(orderOfBytes(MAX_BODY_BYTES + 1)).toString('base64'),
        isBase64Encoded: true,
        headers: { 'Content-Type': 'application/json' },
      });

      expect(fits.statusCode).toBe(200);
      expect(tooLarge.statusCode).toBe(413);
    });
  });

  describe('JSON', () => {
    it.each([
      ['an empty body', ''],
      ['a truncated document', '{"orderId":'],
      ['a form-encoded body', 'orderId=1&restaurantId=2'],
      ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64')],
    ])('answers 400 VALIDATION_FAILED for %s', async (_, body) => {
      const response = await post({
        body,
        isBase64Encoded: body.startsWith('e/9'),
        headers: { 'Content-Type': 'application/json' },
      });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '(body)' }] });
    });

    it('answers 400 for a missing body, whatever the Content-Type', async () => {
      const response = await post({ headers: { 'Content-Type': 'text/plain' } });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        errors: [{ path: '(body)', message: 'a JSON body is required' }],
      });
    });

    it('answers 400 for JSON that is not an object', async () => {
      const response = await post({ body: '[1,2,3]', headers: { 'Content-Type': 'application/json' } });

      expect(response.statusCode).toBe(400);
    });
  });

  describe('problem details', () => {
    it('puts type, title, status, detail, code and the API Gateway request id in every error', async () => {
      const app = createTestApp();

      const response = await invoke(app.handlers.getOrder, ALICE, 'GET', '/orders/{orderId}', {
        pathParameters: { orderId: 'missing' },
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      });

      expect(response.headers).toEqual({
        'Content-Type': 'application/problem+json',
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'Idempotent-Replayed,Retry-After,x-amzn-RequestId',
      });
      expect(bodyOf(response)).toEqual({
        type: 'https://serverless-workshop.example/problems/order-not-found',
        title: 'Order not found',
        status: 404,
        detail: "Order 'missing' was not found.",
        code: 'ORDER_NOT_FOUND',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      });
    });

    it.each([...ERROR_CODES])('maps the domain code %s to a 4xx/5xx with its own type', (code) => {
      const { problem, response } = mapError(new DomainError(code, 'detail for the client'), 'req-1');

      expect(response.statusCode).toBe(PROBLEM_MAPPINGS[code].status);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(problem.type).toMatch(/\/problems\/[a-z-]+$/);
      expect(problem.requestId).toBe('req-1');
    });

    it.each([
      ['VALIDATION_FAILED', 400],
      ['READ_ONLY_FIELD', 400],
      ['ORDER_NOT_EDITABLE', 400],
      ['ORDER_NOT_CANCELABLE', 400],
      ['INVALID_CURSOR', 400],
      ['FORBIDDEN', 403],
      ['USER_NOT_FOUND', 404],
      ['ORDER_NOT_FOUND', 404],
      ['USER_EXISTS', 409],
      ['ORDER_EXISTS', 409],
      ['IDEMPOTENCY_IN_PROGRESS', 409],
      ['IDEMPOTENCY_KEY_REUSED', 422],
      ['SERVICE_UNAVAILABLE', 503],
    ] as const)('answers %s with %i, as api.md says', (code, status) => {
      expect(mapError(new DomainError(code, 'x'), 'r').response.statusCode).toBe(status);
    });

    it('adds Retry-After to 503 and to IDEMPOTENCY_IN_PROGRESS (1 s)', () => {
      const unavailable = mapError(new DomainError('SERVICE_UNAVAILABLE', 'x'), 'r').response;
      const inProgress = mapError(new DomainError('IDEMPOTENCY_IN_PROGRESS', 'x'), 'r').response;

      expect(unavailable.headers?.['Retry-After']).toMatch(/^[1-9]\d*$/);
      expect(inProgress.headers?.['Retry-After']).toBe('1');
    });

    it('keeps 5xx bodies generic even when the error carries a detail', () => {
      const { problem } = mapError(
        new DomainError('SERVICE_UNAVAILABLE', 'connect ECONNREFUSED 10.0.0.12:8000'),
        'r',
      );

      expect(problem.detail).not.toContain('ECONNREFUSED');
    });

    it('maps edge errors with their issues and unknown errors to a generic 500', () => {
      const edge = mapError(new EdgeError('PAYLOAD_TOO_LARGE', 'too big'), 'r');
      const unknown = mapError(Object.assign(new RangeError('Invalid array length'), { code: 'ERR_X' }), 'r');
      const thrownString = mapError('boom', 'r');

      expect(edge).toMatchObject({ known: true, problem: { status: 413, detail: 'too big' } });
      expect(unknown).toMatchObject({ known: false, problem: { status: 500, code: 'INTERNAL' } });
      expect(unknown.response.body).not.toMatch(/RangeError|Invalid array length|ERR_X|stack/);
      expect(thrownString.problem.code).toBe('INTERNAL');
    });

    it('lists field errors only as path and message', () => {
      const error = new DomainError('VALIDATION_FAILED', 'The request is not valid.', [
        Object.assign({ path: 'name', message: 'too short' }, { received: 'secret' }),
      ]);

      expect(mapError(error, 'r').problem.errors).toEqual([{ path: 'name', message: 'too short' }]);
    });
  });

  describe('isJsonContentType', () => {
    it.each([
      ['application/json', true],
      ['application/json;charset=utf8', true],
      ['APPLICATION/JSON', true],
      ['application/problem+json', false],
      ['application/json-seq', false],
      ['', false],
      [undefined, false],
    ])('%s → %s', (value, expected) => {
      expect(isJsonContentType(value)).toBe(expected);
    });
  });
});
