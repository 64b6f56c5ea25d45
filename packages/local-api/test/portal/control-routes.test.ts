import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApiDocument, createIdTokenVerifier } from '@app/adapters-lambda';
import { ManualClock } from '@app/core/in-memory';
import { describe, expect, it } from 'vitest';
import {
  createLocalIdentity,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  LOCAL_USER_POOL_ID,
  subjectForEmail,
} from '../../src/identity/identity.js';
import { createLocalJwksFetcher } from '../../src/identity/local-jwks-fetcher.js';
import { LATEST_CLOCK_TIME } from '../../src/portal/control-routes.js';
import { useMemoryServer } from '../helpers/local-server.js';
import { newOrder, startTarget } from '../helpers/target.js';

const decode = (token: string) => {
  const [header = '', payload = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
  };
};

/** The control routes take JSON on every POST, even without a body. */
const JSON_CONTENT = { headers: { 'Content-Type': 'application/json' } };

describe('local control routes', () => {
  const local = useMemoryServer();

  it('GET /local/health reports the storage', async () => {
    const response = await local.api.get('/local/health');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: 'ok', storage: 'memory' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('POST /local/token issues a Cognito-shaped ID token with a stable sub', async () => {
    const response = await local.api.post('/local/token', {
      body: { email: 'Alice@Example.com', groups: ['apiAdmins', 'cooks'] },
    });
    expect(response.status).toBe(200);
    const { idToken, sub, expiresIn } = response.json;
    expect(sub).toBe(subjectForEmail('alice@example.com'));
    expect(expiresIn).toBe(3600);

    const { header, payload } = decode(idToken);
    const jwks = (await local.api.get('/.well-known/jwks.json')).json;
    expect(header).toEqual({ kid: jwks.keys[0].kid, alg: 'RS256' });
    expect(payload).toMatchObject({
      sub,
      email: 'Alice@Example.com',
      email_verified: true,
      'cognito:groups': ['apiAdmins', 'cooks'],
      'cognito:username': sub,
      token_use: 'id',
      aud: LOCAL_CLIENT_ID,
      iss: LOCAL_ISSUER,
    });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(payload.auth_time).toBe(payload.iat);
  });

  it('POST /local/token refuses a body without a valid email with 400', async () => {
    for (const body of [{}, { email: 'not-an-email' }, { email: 'a@example.com', groups: 'apiAdmins' }]) {
      const response = await local.api.post('/local/token', { body });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.json.code).toBe('VALIDATION_FAILED');
    }
    const notJson = await local.api.post('/local/token', {
      rawBody: 'email=a',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });

  it('GET /.well-known/jwks.json lists the public RS256 key only', async () => {
    const response = await local.api.get('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.json.keys).toHaveLength(1);
    expect(Object.keys(response.json.keys[0]).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('POST /local/clock moves the clock forward and refuses going back', async () => {
    const before = Date.parse((await local.api.get('/local/clock')).json.now);
    const moved = await local.api.post('/local/clock', { body: { advanceSeconds: 90 } });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.json.now) - before).toBeGreaterThanOrEqual(90_000);
    expect(Date.parse(moved.json.now) - before).toBeLessThan(100_000);

    for (const body of [{ advanceSeconds: -1 }, { advanceSeconds: '10' }, {}]) {
      expect((await local.api.post('/local/clock', { body })).status).toBe(400);
    }
  });

  it('POST /local/clock refuses a move past 9999-12-31T23:59:59Z with 400 and keeps working', async () => {
    // A server of its own, whose clock starts ten minutes before the bound.
    const clock = new ManualClock(new Date(LATEST_CLOCK_TIME.getTime() - 600_000));
    const target = await startTarget('memory', { clock });
    try {
      const past = await target.api.post('/local/clock', { body: { advanceSeconds: 601 } });
      expect(past.status).toBe(400);
      expect(past.json).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'advanceSeconds' }] });
      expect(past.json.errors[0].message).toContain(
        '9999-12-31T23:59:59.000Z (at most 600 seconds from now)',
      );

      const user = await target.api.token();
      expect((await target.api.post('/orders', { token: user.token, body: newOrder('late') })).status).toBe(
        200,
      );
      const moved = await target.api.post('/local/clock', { body: { advanceSeconds: 600 } });
      expect(moved.json).toEqual({ now: '9999-12-31T23:59:59.000Z' });
      expect((await target.api.post('/local/clock', { body: { advanceSeconds: 0.001 } })).status).toBe(400);

      const last = await target.api.post('/orders', { token: user.token, body: newOrder('last') });
      expect(last.json.orderTime).toBe('9999-12-31T23:59:59Z');
      const canceled = await target.api.delete('/orders/last', { token: user.token });
      expect(canceled.json.status).toBe('CANCELED');
      expect((await target.api.delete('/orders/late', { token: user.token })).json.code).toBe(
        'ORDER_NOT_CANCELABLE',
      );
    } finally {
      await target.close();
    }
  });

  it('POST /local/orders/{userId}/{orderId}/acknowledge acknowledges a PLACED order once', async () => {
    const user = await local.api.token();
    await local.api.post('/orders', { token: user.token, body: newOrder('ack-1') });

    const first = await local.api.post(`/local/orders/${user.sub}/ack-1/acknowledge`, JSON_CONTENT);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ orderId: 'ack-1', userId: user.sub, status: 'ACKNOWLEDGED' });

    const second = await local.api.post(`/local/orders/${user.sub}/ack-1/acknowledge`, JSON_CONTENT);
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({ code: 'ORDER_NOT_EDITABLE', status: 400 });
    expect(second.headers.get('content-type')).toBe('application/problem+json');

    const missing = await local.api.post(`/local/orders/${user.sub}/nope/acknowledge`, JSON_CONTENT);
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('ORDER_NOT_FOUND');

    const badId = await local.api.post('/local/orders/a%2A/ack-1/acknowledge', JSON_CONTENT);
    expect(badId.status).toBe(400);
  });

  it('GET /openapi.json serves the generated document', async () => {
    const response = await local.api.get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.json).toEqual(buildOpenApiDocument());
  });

  it('knows no other local route', async () => {
    for (const [method, path] of [
      ['GET', '/local/token'],
      ['DELETE', '/local/clock'],
      ['GET', '/local/orders/a/b/acknowledge'],
      ['POST', '/local/nothing'],
    ] as const) {
      const response = await local.api.request(method, path, method === 'GET' ? {} : JSON_CONTENT);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.json).toEqual({ message: 'Missing Authentication Token' });
    }
  });
});

describe('the local identity', () => {
  it('derives a UUID-shaped sub from the email, the same whatever its case', () => {
    const sub = subjectForEmail('bob@example.com');
    expect(sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(subjectForEmail(' BOB@example.com ')).toBe(sub);
    expect(subjectForEmail('bob2@example.com')).not.toBe(sub);
  });

  it('issues tokens the handlers’ verifier accepts, on the Cognito code path', async () => {
    const identity = createLocalIdentity();
    const verifier = createIdTokenVerifier({
      userPoolId: LOCAL_USER_POOL_ID,
      clientId: LOCAL_CLIENT_ID,
      jwks: identity.jwks,
      fetcher: createLocalJwksFetcher(identity.jwks),
    });
    const { idToken, sub } = identity.issueToken('carol@example.com', { groups: ['apiAdmins'] });

    await expect(verifier.verify(`Bearer ${idToken}`)).resolves.toMatchObject({ sub, token_use: 'id' });
    const expired = createLocalIdentity({ now: () => Date.now() - 7200_000 });
    await expect(verifier.verify(expired.issueToken('carol@example.com').idToken)).rejects.toThrow();
  });

  it('keeps its key in a key file, so tokens survive a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'local-identity-'));
    try {
      const keyFile = join(directory, 'keys', 'local-signing-key.pem');
      const first = createLocalIdentity({ keyFile });
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const second = createLocalIdentity({ keyFile });
      expect(second.jwks).toEqual(first.jwks);

      const verifier = createIdTokenVerifier({
        userPoolId: LOCAL_USER_POOL_ID,
        clientId: LOCAL_CLIENT_ID,
        jwks: second.jwks,
        fetcher: createLocalJwksFetcher(second.jwks),
      });
      await expect(verifier.verify(first.issueToken('dave@example.com').idToken)).resolves.toBeDefined();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
