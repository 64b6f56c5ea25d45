import { sampleUser } from '@app/core/testing';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/routes.js';
import { bodyOf, createTestApp } from '../helpers/app.js';
import { apiEvent, lambdaContext, tokenAuthorizerContext } from '../helpers/events.js';

const ADMIN = { sub: 'admin-0001', email: 'admin@example.com', isAdmin: true };
const ALICE = { sub: 'alice-0001', email: 'alice@example.com' };
const BOB = { sub: 'bob-0001', email: 'bob@example.com' };

type Caller = Parameters<typeof tokenAuthorizerContext>[0];

function call(
  app: ReturnType<typeof createTestApp>,
  caller: Caller | undefined,
  method: string,
  resource: string,
  extra: Partial<Parameters<typeof apiEvent>[0]> = {},
) {
  const event = apiEvent({
    method,
    resource,
    ...(caller === undefined ? {} : { authorizer: tokenAuthorizerContext(caller) }),
    ...extra,
  });
  return app.handlers.users(event, lambdaContext('users'));
}

describe('users function', () => {
  describe('GET /users', () => {
    it('lists users for an admin, paging with a signed nextToken', async () => {
      const app = createTestApp();
      for (const userid of ['u-1', 'u-2', 'u-3']) await app.users.create(sampleUser({ userid }));

      const first = await call(app, ADMIN, 'GET', '/users', { query: { limit: '2' } });
      const page = bodyOf<{ users: { userid: string }[]; nextToken: string }>(first);
      const second = await call(app, ADMIN, 'GET', '/users', {
        query: { limit: '2', nextToken: page.nextToken },
      });

      expect(first.statusCode).toBe(200);
      expect(page.users.map((user) => user.userid)).toEqual(['u-1', 'u-2']);
      expect(bodyOf(second)).toEqual({ users: [expect.objectContaining({ userid: 'u-3' })] });
    });

    it('refuses a regular user with 403 FORBIDDEN', async () => {
      const response = await call(createTestApp(), ALICE, 'GET', '/users');

      expect(response.statusCode).toBe(403);
      expect(response.headers?.['Content-Type']).toBe('application/problem+json');
      expect(bodyOf(response)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    });

    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: ['1', '2'] }, 'limit'],
      [{ page: '2' }, 'page'],
    ])('answers 400 VALIDATION_FAILED for the query %j', async (query, path) => {
      const response = await call(createTestApp(), ADMIN, 'GET', '/users', { query });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ path })],
      });
    });

    it('answers 400 INVALID_CURSOR for a forged nextToken', async () => {
      const response = await call(createTestApp(), ADMIN, 'GET', '/users', {
        query: { nextToken: 'dTE.forged' },
      });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'INVALID_CURSOR' });
    });
  });

  describe('POST /users', () => {
    it('creates the user for an admin: 200 with the name and a generated id', async () => {
      const response = await call(createTestApp(), ADMIN, 'POST', '/users', { body: { name: 'Jane Doe' } });

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({
        userid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Jane Doe',
        timestamp: '2026-01-01T12:00:00.000Z',
      });
    });

    it('refuses a regular user with 403', async () => {
      const response = await call(createTestApp(), ALICE, 'POST', '/users', { body: { name: 'Jane Doe' } });

      expect(response.statusCode).toBe(403);
    });

    it('answers 409 USER_EXISTS for an existing userid', async () => {
      const app = createTestApp();
      await app.users.create(sampleUser({ userid: 'taken' }));

      const response = await call(app, ADMIN, 'POST', '/users', { body: { userid: 'taken', name: 'Jane' } });

      expect(response.statusCode).toBe(409);
      expect(bodyOf(response)).toMatchObject({ code: 'USER_EXISTS' });
    });

    it('answers 400 for a form-encoded body labelled JSON', async () => {
      const response = await call(createTestApp(), ADMIN, 'POST', '/users', {
        body: 'name=Jane+Doe&email=jane%40example.com',
        headers: { 'Content-Type': 'application/json' },
      });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ path: '(body)', message: 'must be valid JSON' }],
      });
    });

    it('answers 400 with the offending fields for a schema failure and an unknown field', async () => {
      const response = await call(createTestApp(), ADMIN, 'POST', '/users', {
        body: { name: '', email: 'not-an-email', role: 'admin' },
      });

      expect(response.statusCode).toBe(400);
      const paths = bodyOf<{ errors: { path: string }[] }>(response).errors.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'email', 'role']));
    });

    it('answers 415 for a form-encoded body labelled as a form', async () => {
      const response = await call(createTestApp(), ADMIN, 'POST', '/users', {
        body: 'name=Jane',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });

      expect(response.statusCode).toBe(415);
      expect(bodyOf(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });
  });

  describe('GET /users/{userid}', () => {
    it('returns the own user to its owner', async () => {
      const app = createTestApp();
      const alice = sampleUser({ userid: ALICE.sub });
      await app.users.create(alice);

      const response = await call(app, ALICE, 'GET', '/users/{userid}', {
        pathParameters: { userid: ALICE.sub },
      });

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual(alice);
    });

    it('refuses another user with 403', async () => {
      const app = createTestApp();
      await app.users.create(sampleUser({ userid: BOB.sub }));

      const response = await call(app, ALICE, 'GET', '/users/{userid}', {
        pathParameters: { userid: BOB.sub },
      });

      expect(response.statusCode).toBe(403);
    });

    it('lets an admin read any user, and answers 404 USER_NOT_FOUND when absent', async () => {
      const app = createTestApp();
      await app.users.create(sampleUser({ userid: BOB.sub }));

      const found = await call(app, ADMIN, 'GET', '/users/{userid}', { pathParameters: { userid: BOB.sub } });
      const missing = await call(app, ADMIN, 'GET', '/users/{userid}', {
        pathParameters: { userid: 'nobody' },
      });

      expect(found.statusCode).toBe(200);
      expect(missing.statusCode).toBe(404);
      expect(bodyOf(missing)).toMatchObject({ code: 'USER_NOT_FOUND' });
    });

    it('answers 400 for a user id outside the id charset', async () => {
      const response = await call(createTestApp(), ADMIN, 'GET', '/users/{userid}', {
        pathParameters: { userid: 'a b' },
      });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ errors: [expect.objectContaining({ path: 'userid' })] });
    });

    it('refuses query parameters on a route that takes none', async () => {
      const response = await call(createTestApp(), ALICE, 'GET', '/users/{userid}', {
        pathParameters: { userid: ALICE.sub },
        query: { debug: 'true' },
      });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        errors: [{ path: 'debug', message: 'unknown query parameter' }],
      });
    });
  });

  describe('PUT /users/{userid}', () => {
    it('creates the own profile, then replaces it with the echoed userid and timestamp', async () => {
      const app = createTestApp();
      const path = { pathParameters: { userid: ALICE.sub } };

      const created = await call(app, ALICE, 'PUT', '/users/{userid}', { ...path, body: { name: 'Alice' } });
      app.clock.advance(5);
      const replaced = await call(app, ALICE, 'PUT', '/users/{userid}', {
        ...path,
        body: { ...bodyOf<Record<string, unknown>>(created), name: 'Alice Liddell' },
      });

      expect(created.statusCode).toBe(200);
      expect(replaced.statusCode).toBe(200);
      expect(bodyOf(replaced)).toEqual({
        userid: ALICE.sub,
        name: 'Alice Liddell',
        timestamp: '2026-01-01T12:00:05.000Z',
      });
    });

    it('answers 400 READ_ONLY_FIELD when the body changes the userid', async () => {
      const response = await call(createTestApp(), ALICE, 'PUT', '/users/{userid}', {
        pathParameters: { userid: ALICE.sub },
        body: { name: 'Alice', userid: BOB.sub },
      });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'READ_ONLY_FIELD', errors: [{ path: 'userid' }] });
    });

    it("refuses to replace another user's profile with 403", async () => {
      const response = await call(createTestApp(), ALICE, 'PUT', '/users/{userid}', {
        pathParameters: { userid: BOB.sub },
        body: { name: 'Mallory' },
      });

      expect(response.statusCode).toBe(403);
    });
  });

  describe('DELETE /users/{userid}', () => {
    it('deletes the own user: 204 with an empty body, then 404', async () => {
      const app = createTestApp();
      await app.users.create(sampleUser({ userid: ALICE.sub }));
      const path = { pathParameters: { userid: ALICE.sub } };

      const deleted = await call(app, ALICE, 'DELETE', '/users/{userid}', path);
      const again = await call(app, ALICE, 'DELETE', '/users/{userid}', path);

      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expect(deleted.headers).toMatchObject({
        'Cache-Control': 'no-store',
        'Content-Type': 'application/json',
      });
      expect(again.statusCode).toBe(404);
    });
  });

  describe('identity', () => {
    it.each([
      ['no authorizer context', undefined],
      ['a sub outside the id charset', { sub: '*', isAdmin: 'true' }],
      ['no isAdmin flag', { sub: ALICE.sub }],
    ])('answers a 401 problem for %s', async (_, authorizer) => {
      const event = apiEvent({ method: 'GET', resource: '/users', ...(authorizer ? { authorizer } : {}) });

      const response = await createTestApp().handlers.users(event, lambdaContext('users'));

      expect(response.statusCode).toBe(401);
      expect(bodyOf(response)).toMatchObject({
        code: 'UNAUTHORIZED',
        requestId: event.requestContext.requestId,
      });
    });

    it('treats isAdmin "false" as a regular user whatever else the context says', async () => {
      const response = await call(createTestApp(), { sub: ALICE.sub, isAdmin: false }, 'GET', '/users');

      expect(response.statusCode).toBe(403);
    });
  });

  it.each(ROUTES.filter((route) => route.function === 'users'))(
    'serves the manifest route $method $path',
    async ({ method, path, requestSchema }) => {
      const response = await call(createTestApp(), ADMIN, method, path, {
        pathParameters: { userid: 'someone' },
        ...(requestSchema === undefined ? {} : { body: { name: 'Someone' } }),
      });

      expect(response.statusCode).toBeLessThan(500);
      expect(bodyOf<Record<string, unknown>>({ ...response, body: response.body || '{}' }).code).not.toBe(
        'ROUTE_NOT_FOUND',
      );
    },
  );

  it('answers 404 ROUTE_NOT_FOUND for a method and resource outside the manifest', async () => {
    const response = await call(createTestApp(), ADMIN, 'PATCH', '/users');

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
