import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../api-client.js';
import {
  ACCESS_DENIED,
  type ApiScenarioOptions,
  expectGatewayValidationFailure,
  type Identity,
  type ScenarioContext,
  UNAUTHORIZED,
} from './target.js';

/** The users API: the TOKEN authorizer's policy, the users function, the contract's errors. */
export function describeUsersScenarios(context: ScenarioContext, options: ApiScenarioOptions): void {
  const { gatewayRequestModels } = options;
  describe('users API', () => {
    let api: ApiClient;
    let admin: Identity;
    const { newIdentity } = context;

    beforeAll(() => {
      ({ api, admin } = context);
    });

    it('refuses a request without a token with 401', async () => {
      const response = await api.get('/users');
      expect(response.status).toBe(401);
      expect(response.json).toEqual(UNAUTHORIZED);
    });

    it('refuses a token that fails verification with 401', async () => {
      const { token } = await newIdentity();
      const tampered = `${token.slice(0, -4)}AAAA`;
      const response = await api.get('/users', { token: tampered });
      expect(response.status).toBe(401);
      expect(response.json).toEqual(UNAUTHORIZED);
    });

    it('refuses a regular user listing users with 403', async () => {
      const user = await newIdentity();
      const response = await api.get('/users', { token: user.token });
      expect(response.status).toBe(403);
      expect(response.json).toEqual(ACCESS_DENIED);
    });

    it('refuses a regular user creating a user with 403', async () => {
      const user = await newIdentity();
      const response = await api.post('/users', { token: user.token, body: { name: 'Mallory' } });
      expect(response.status).toBe(403);
      expect(response.json).toEqual(ACCESS_DENIED);
    });

    it('lets an admin create a user, answering 200 with the name and a generated id', async () => {
      const response = await api.post('/users', {
        token: admin.token,
        body: { name: 'Jane Doe', email: 'jane@example.com' },
      });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ name: 'Jane Doe', email: 'jane@example.com' });
      expect(response.json.userid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(response.headers.get('cache-control')).toBe('no-store');

      const read = await api.get(`/users/${response.json.userid}`, { token: admin.token });
      expect(read.status).toBe(200);
      expect(read.json).toEqual(response.json);
    });

    it('refuses a form-encoded body labelled JSON with 400 VALIDATION_FAILED', async () => {
      const response = await api.post('/users', {
        token: admin.token,
        rawBody: 'name=Jane&email=jane%40example.com',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.json).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(response.json.requestId).toBe(response.headers.get('x-amzn-requestid'));
    });

    it('refuses a body that is not labelled JSON with 415', async () => {
      const response = await api.post('/users', {
        token: admin.token,
        rawBody: 'name=Jane',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(415);
      expect(response.json.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a body over 64 KiB with 413 even when it is otherwise valid', async () => {
      // Valid JSON that a request model accepts (whitespace pads it), so the handler's limit answers.
      const response = await api.post('/users', {
        token: admin.token,
        rawBody: `{"name":"Jane"${' '.repeat(70_000)}}`,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(response.status).toBe(413);
      expect(response.json.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('refuses to create a user whose id exists with 409 USER_EXISTS', async () => {
      const userid = `u-${randomUUID()}`;
      expect((await api.post('/users', { token: admin.token, body: { userid, name: 'A' } })).status).toBe(
        200,
      );
      const again = await api.post('/users', { token: admin.token, body: { userid, name: 'B' } });
      expect(again.status).toBe(409);
      expect(again.json.code).toBe('USER_EXISTS');
    });

    it('refuses a regular user reading another user with 403', async () => {
      const user = await newIdentity();
      const other = await newIdentity();
      await api.put(`/users/${other.sub}`, { token: other.token, body: { name: 'Other' } });
      const response = await api.get(`/users/${other.sub}`, { token: user.token });
      expect(response.status).toBe(403);
      expect(response.json).toEqual(ACCESS_DENIED);
    });

    it('lets a user create, read, replace and delete their own profile', async () => {
      const user = await newIdentity();
      const path = `/users/${user.sub}`;
      expect((await api.get(path, { token: user.token })).status).toBe(404);

      const created = await api.put(path, { token: user.token, body: { name: 'Me', email: user.email } });
      expect(created.status).toBe(200);
      expect(created.json).toMatchObject({ userid: user.sub, name: 'Me', email: user.email });

      const read = await api.get(path, { token: user.token });
      expect(read.json).toEqual(created.json);

      const echoed = await api.put(path, { token: user.token, body: { ...read.json, name: 'Me again' } });
      expect(echoed.status).toBe(200);
      expect(echoed.json.name).toBe('Me again');

      const changedId = await api.put(path, {
        token: user.token,
        body: { name: 'X', userid: 'someone-else' },
      });
      expect(changedId.status).toBe(400);
      expect(changedId.json.code).toBe('READ_ONLY_FIELD');

      expect((await api.delete(path, { token: user.token })).status).toBe(204);
      const gone = await api.delete(path, { token: user.token });
      expect(gone.status).toBe(404);
      expect(gone.json.code).toBe('USER_NOT_FOUND');
    });

    it('lets an admin read, replace and delete any user', async () => {
      const user = await newIdentity();
      const path = `/users/${user.sub}`;
      expect((await api.put(path, { token: admin.token, body: { name: 'By admin' } })).status).toBe(200);
      expect((await api.get(path, { token: admin.token })).json.name).toBe('By admin');
      expect((await api.delete(path, { token: admin.token })).status).toBe(204);
    });

    it('pages through users with limit and nextToken', async () => {
      for (let index = 0; index < 3; index += 1) {
        await api.post('/users', { token: admin.token, body: { name: `Paged ${index}` } });
      }
      const seen = new Set<string>();
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const query = `?limit=2${nextToken === undefined ? '' : `&nextToken=${encodeURIComponent(nextToken)}`}`;
        const page = await api.get(`/users${query}`, { token: admin.token });
        expect(page.status).toBe(200);
        expect(page.json.users.length).toBeLessThanOrEqual(2);
        for (const user of page.json.users) seen.add(user.userid);
        nextToken = page.json.nextToken;
        pages += 1;
      } while (nextToken !== undefined && pages < 100);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(seen.size).toBeGreaterThanOrEqual(3);
    });

    it('refuses a bad limit with 400', async () => {
      const response = await api.get('/users?limit=1000', { token: admin.token });
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('VALIDATION_FAILED');
    });

    // Defined for targets without request models in front of the handlers (the local server):
    // on AWS these bodies fail the model, and the next group checks the gateway's answer instead.
    if (!gatewayRequestModels) {
      describe('bodies checked by the handler', () => {
        it('refuses a body over 64 KiB with 413', async () => {
          const response = await api.post('/users', {
            token: admin.token,
            body: { name: 'x'.repeat(70_000) },
          });
          expect(response.status).toBe(413);
          expect(response.json.code).toBe('PAYLOAD_TOO_LARGE');
        });

        it('refuses unknown fields with 400 and names them', async () => {
          const response = await api.post('/users', {
            token: admin.token,
            body: { name: 'Jane', isAdmin: true },
          });
          expect(response.status).toBe(400);
          expect(response.json.code).toBe('VALIDATION_FAILED');
          expect(response.json.errors).toContainEqual(expect.objectContaining({ path: 'isAdmin' }));
        });
      });
    }

    // Defined for targets with API Gateway request models (the deployed stacks).
    if (gatewayRequestModels) {
      describe('bodies checked by API Gateway request models', () => {
        it('refuses unknown fields and an oversized name with the gateway’s 400 VALIDATION_FAILED', async () => {
          for (const body of [{ name: 'Jane', isAdmin: true }, { name: 'x'.repeat(70_000) }]) {
            const response = await api.post('/users', { token: admin.token, body });
            expectGatewayValidationFailure(response);
          }
        });
      });
    }
  });
}
