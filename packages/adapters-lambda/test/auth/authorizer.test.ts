import { createServer } from 'node:net';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdTokenVerifier, type IdTokenVerifierOptions } from '../../src/auth/id-token-verifier.js';
import { isAllowed } from '../../src/auth/policy.js';
import { createAuthorizerHandler } from '../../src/handlers/authorizer.js';
import { METRIC_NAMES } from '../../src/observability/metric-names.js';
import { createObservability } from '../../src/observability/observability.js';
import { lambdaContext, methodArn, tokenAuthorizerEvent } from '../helpers/events.js';
import { captureStdout, emfMetrics } from '../helpers/stdout.js';
import {
  CLIENT_ID,
  COGNITO_ISSUER,
  createSigningKey,
  idTokenClaims,
  LOCAL_ISSUER,
  signHs256WithPublicKey,
  signJwt,
  tamperPayload,
  USER_POOL_ID,
  unsignedJwt,
} from '../helpers/tokens.js';

const key = createSigningKey();
const otherKey = createSigningKey();

/** A JWKS download that must not happen: the network is closed here. */
const refusingFetcher = () => ({
  fetch: vi.fn(async (uri: string): Promise<ArrayBuffer> => {
    throw new Error(`network closed: ${uri}`);
  }),
});

function authorizer(options: Partial<IdTokenVerifierOptions> = {}) {
  const verifier = createIdTokenVerifier({
    userPoolId: USER_POOL_ID,
    clientId: CLIENT_ID,
    jwks: key.jwks,
    fetcher: refusingFetcher(),
    ...options,
  });
  const handler = createAuthorizerHandler({
    verifier,
    adminGroup: 'apiAdmins',
    observability: createObservability('users'),
  });
  return (token: string, arn = methodArn('GET', '/users')) =>
    handler(tokenAuthorizerEvent(token, arn), lambdaContext('authorizer'));
}

/** The rejection API Gateway turns into 401: exactly `Error('Unauthorized')`, nothing else. */
async function expectUnauthorized(result: Promise<APIGatewayAuthorizerResult>) {
  const error = await result.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe('Unauthorized');
  expect((error as Error).name).toBe('Error');
}

const resources = (result: APIGatewayAuthorizerResult) =>
  result.policyDocument.Statement.flatMap((statement) =>
    'Resource' in statement ? [statement.Resource].flat() : [],
  );

describe('TOKEN authorizer', () => {
  describe('valid ID tokens', () => {
    it("allows an owner exactly their own user's routes", async () => {
      const claims = idTokenClaims({ sub: 'owner-0001', 'cognito:groups': ['apiAdminsReadOnly'] });

      const result = await authorizer()(signJwt(key, claims));

      expect(result.principalId).toBe('owner-0001');
      expect(result.context).toEqual({ sub: 'owner-0001', email: 'jane@example.com', isAdmin: 'false' });
      expect(resources(result).sort()).toEqual(
        [
          methodArn('GET', '/users/owner-0001'),
          methodArn('PUT', '/users/owner-0001'),
          methodArn('DELETE', '/users/owner-0001'),
        ].sort(),
      );
      expect(result.policyDocument.Statement.every((statement) => statement.Effect === 'Allow')).toBe(true);
      expect(isAllowed(result.policyDocument, methodArn('GET', '/users/someone-else'))).toBe(false);
      expect(isAllowed(result.policyDocument, methodArn('GET', '/users'))).toBe(false);
    });

    it('allows an admin the collection and every user, with the admin group in any position', async () => {
      const claims = idTokenClaims({ sub: 'admin-0001', 'cognito:groups': ['support', 'apiAdmins'] });

      const result = await authorizer()(`Bearer ${signJwt(key, claims)}`, methodArn('DELETE', '/users/x'));

      expect(result.context).toMatchObject({ isAdmin: 'true' });
      for (const [method, path] of [
        ['GET', '/users'],
        ['POST', '/users'],
        ['GET', '/users/anyone'],
        ['PUT', '/users/anyone'],
        ['DELETE', '/users/anyone'],
      ] as const) {
        expect(isAllowed(result.policyDocument, methodArn(method, path))).toBe(true);
      }
      expect(isAllowed(result.policyDocument, methodArn('PATCH', '/users'))).toBe(false);
    });

    it('keeps the context to primitives', async () => {
      const result = await authorizer()(signJwt(key, idTokenClaims({ 'cognito:groups': ['a', 'b'] })));

      expect(Object.values(result.context ?? {}).every((value) => typeof value === 'string')).toBe(true);
    });

    it.each(['Bearer', 'bearer', 'BEARER'])('accepts the scheme written %s', async (scheme) => {
      const result = await authorizer()(`${scheme} ${signJwt(key, idTokenClaims())}`);

      expect(result.principalId).toBeDefined();
    });

    it('verifies tokens of a local issuer through the same checks', async () => {
      const local = authorizer({ issuer: LOCAL_ISSUER });

      const result = await local(signJwt(key, idTokenClaims({ sub: 'local-0001', iss: LOCAL_ISSUER })));

      expect(result.principalId).toBe('local-0001');
      await expectUnauthorized(local(signJwt(key, idTokenClaims({ iss: COGNITO_ISSUER }))));
      await expectUnauthorized(
        local(signJwt(key, idTokenClaims({ iss: LOCAL_ISSUER, token_use: 'access' }))),
      );
      await expectUnauthorized(
        local(signJwt(key, idTokenClaims({ iss: LOCAL_ISSUER, aud: 'other-client' }))),
      );
      await expectUnauthorized(
        local(signJwt(key, { ...idTokenClaims({ iss: LOCAL_ISSUER }), exp: undefined })),
      );
    });
  });

  describe('rejected tokens', () => {
    const now = Math.floor(Date.now() / 1000);

    it.each([
      ['expired', () => signJwt(key, idTokenClaims({ iat: now - 7200, exp: now - 3600 }))],
      ['without exp', () => signJwt(key, { ...idTokenClaims(), exp: undefined })],
      ['for another client', () => signJwt(key, idTokenClaims({ aud: 'someotherclient' }))],
      [
        'from another issuer',
        () =>
          signJwt(key, idTokenClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })),
      ],
      ['from a look-alike issuer', () => signJwt(key, idTokenClaims({ iss: `${COGNITO_ISSUER}/` }))],
      [
        'an access token',
        () =>
          signJwt(key, { ...idTokenClaims({ token_use: 'access', client_id: CLIENT_ID }), aud: undefined }),
      ],
      ['not yet valid', () => signJwt(key, idTokenClaims({ nbf: now + 600 }))],
      ['with a sub outside the id charset', () => signJwt(key, idTokenClaims({ sub: '*' }))],
      [
        'with a tampered payload',
        () =>
          tamperPayload(signJwt(key, idTokenClaims()), idTokenClaims({ 'cognito:groups': ['apiAdmins'] })),
      ],
      [
        'signed by another key under the same kid',
        () => signJwt({ kid: key.kid, privateKey: otherKey.privateKey }, idTokenClaims()),
      ],
      ['with alg none and no signature', () => unsignedJwt(key, idTokenClaims())],
      ['with alg none and a made-up signature', () => unsignedJwt(key, idTokenClaims(), 'c2lnbmF0dXJl')],
      ['HS256 signed with the public key', () => signHs256WithPublicKey(key, idTokenClaims())],
      ['RS256 declared with an HS256 header', () => signJwt(key, idTokenClaims(), { alg: 'HS256' })],
      ['with a header that is not JSON', () => `${Buffer.from('{nope').toString('base64url')}.e30.c2ln`],
      ['with a payload that is not JSON', () => `${signJwt(key, idTokenClaims()).split('.')[0]}.bm9wZQ.c2ln`],
    ])('refuses a token %s', async (_, token) => {
      await expectUnauthorized(authorizer()(token()));
    });

    it.each([
      ['an empty header', ''],
      ['the scheme alone', 'Bearer'],
      ['the scheme with two spaces', `Bearer  ${'a.b.c'}`],
      ['a doubled scheme', 'Bearer Bearer a.b.c'],
      ['Basic credentials', 'Basic dXNlcjpwYXNz'],
      ['a token of two parts', 'a.b'],
      ['a token with whitespace inside', 'a.b .c'],
      ['a header over 8 KiB', `Bearer ${'a'.repeat(4096)}.${'b'.repeat(4096)}.c`],
      ['a header of multi-byte characters over 8 KiB', 'é'.repeat(4097)],
    ])('refuses %s without verifying anything', async (_, header) => {
      const fetcher = refusingFetcher();

      await expectUnauthorized(authorizer({ fetcher })(header));
      expect(fetcher.fetch).not.toHaveBeenCalled();
    });

    it('refuses a token whose kid is unknown after one (stubbed) JWKS download', async () => {
      const fetcher = refusingFetcher();

      await expectUnauthorized(authorizer({ fetcher })(signJwt(otherKey, idTokenClaims())));
      expect(fetcher.fetch).toHaveBeenCalledWith(`${COGNITO_ISSUER}/.well-known/jwks.json`);
    });

    it('refuses an unknown kid also when the download succeeds without it', async () => {
      const fetcher = { fetch: vi.fn(async () => new TextEncoder().encode(JSON.stringify(key.jwks)).buffer) };

      await expectUnauthorized(authorizer({ fetcher })(signJwt(otherKey, idTokenClaims())));
    });

    it('refuses a malformed method ARN', async () => {
      await expectUnauthorized(authorizer()(signJwt(key, idTokenClaims()), 'arn:aws:execute-api:*'));
    });
  });

  describe('JWKS', () => {
    it('downloads the JWKS once per verifier (cold start), then verifies from the cache', async () => {
      const fetcher = { fetch: vi.fn(async () => new TextEncoder().encode(JSON.stringify(key.jwks)).buffer) };
      const verify = authorizer({ jwks: undefined, fetcher });

      await verify(signJwt(key, idTokenClaims()));
      await verify(signJwt(key, idTokenClaims()));
      await verify(`Bearer ${signJwt(key, idTokenClaims())}`);

      expect(fetcher.fetch).toHaveBeenCalledTimes(1);
    });
  });

  describe('AuthorizerFailure metric (what its alarm watches instead of Lambda Errors)', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    });

    /** The authorizer's EMF metrics (cold starts aside) while `run` calls it. */
    async function metricsOf(run: () => Promise<unknown>) {
      vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
      const stdout = captureStdout();
      try {
        await run();
      } finally {
        stdout.restore();
      }
      return emfMetrics(stdout.json()).filter((metric) => !('ColdStart' in metric));
    }

    /** A loopback port nothing listens on: a connection to it is refused at once. */
    async function closedPort(): Promise<number> {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }

    it.each([
      ['a tampered token', () => tamperPayload(signJwt(key, idTokenClaims()), { sub: 'someone-else' })],
      ['an expired token', () => signJwt(key, idTokenClaims({ exp: Math.floor(Date.now() / 1000) - 60 }))],
      ['a token of another client', () => signJwt(key, idTokenClaims({ aud: 'another-client' }))],
      ['a header that is not a token', () => 'Basic dXNlcjpwYXNz'],
    ])('does not count %s: a refused token is normal', async (_, token) => {
      const metrics = await metricsOf(() => expectUnauthorized(authorizer()(token())));

      expect(metrics).toEqual([]);
    });

    it('counts a JWKS download that fails (connection refused by the real HTTPS client), and still answers 401', async () => {
      const port = await closedPort();
      const viaClosedPort = () =>
        authorizer({
          issuer: LOCAL_ISSUER,
          jwksUri: `https://127.0.0.1:${port}/.well-known/jwks.json`,
          jwks: undefined,
          fetcher: undefined,
        });

      const metrics = await metricsOf(() =>
        expectUnauthorized(viaClosedPort()(signJwt(key, idTokenClaims({ iss: LOCAL_ISSUER })))),
      );

      expect(metrics).toEqual([
        { namespace: 'ServerlessWorkshop', service: 'users', [METRIC_NAMES.AuthorizerFailure]: 1 },
      ]);
    });

    it('counts a bug past verification (a method ARN API Gateway would never send)', async () => {
      const metrics = await metricsOf(() =>
        expectUnauthorized(authorizer()(signJwt(key, idTokenClaims()), 'arn:aws:execute-api:*')),
      );

      expect(metrics).toEqual([
        { namespace: 'ServerlessWorkshop', service: 'users', [METRIC_NAMES.AuthorizerFailure]: 1 },
      ]);
    });
  });
});
