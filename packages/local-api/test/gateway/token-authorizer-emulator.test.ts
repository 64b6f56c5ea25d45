import type { TokenAuthorizerHandler } from '@app/adapters-lambda';
import { isAllowed } from '@app/adapters-lambda';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { methodArnOf } from '../../src/gateway/event-builder.js';
import { TokenAuthorizerEmulator } from '../../src/gateway/token-authorizer-emulator.js';

const OWN_ARN = methodArnOf('users', 'GET', '/users/alice');
const LIST_ARN = methodArnOf('users', 'GET', '/users');

/** A stand-in authorizer: `good-*` tokens get a policy for their own user, anything else is refused. */
function fakeAuthorizer(behaviour: (token: string) => APIGatewayAuthorizerResult | Error) {
  const calls: APIGatewayTokenAuthorizerEvent[] = [];
  const authorizer: TokenAuthorizerHandler = async (event) => {
    calls.push(event);
    const outcome = behaviour(event.authorizationToken);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { authorizer, calls };
}

const allowOwn = (sub: string): APIGatewayAuthorizerResult => ({
  principalId: sub,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: methodArnOf('users', 'GET', `/users/${sub}`),
      },
    ],
  },
  context: { sub, email: `${sub}@example.com`, isAdmin: false },
});

function emulator(behaviour: (token: string) => APIGatewayAuthorizerResult | Error, maxEntries = 100) {
  const clock = { now: 0 };
  const fake = fakeAuthorizer(behaviour);
  const emulated = new TokenAuthorizerEmulator({
    authorizer: fake.authorizer,
    isAllowed,
    ttlSeconds: 300,
    maxEntries,
    now: () => clock.now,
  });
  return { emulated, calls: fake.calls, clock };
}

describe('TokenAuthorizerEmulator', () => {
  it('answers 401 without calling the authorizer when there is no token', async () => {
    const { emulated, calls } = emulator(() => allowOwn('alice'));

    for (const header of [undefined, '', '   ']) {
      const outcome = await emulated.authorize(header, OWN_ARN);
      expect(outcome).toMatchObject({ allowed: false, response: { type: 'UNAUTHORIZED', statusCode: 401 } });
    }
    expect(calls).toHaveLength(0);
  });

  it('calls the authorizer with the TOKEN event and passes its context, as strings, with the principal', async () => {
    const { emulated, calls } = emulator(() => allowOwn('alice'));

    const outcome = await emulated.authorize('Bearer good', OWN_ARN);

    expect(calls).toEqual([{ type: 'TOKEN', authorizationToken: 'Bearer good', methodArn: OWN_ARN }]);
    expect(outcome).toEqual({
      allowed: true,
      authorizer: {
        principalId: 'alice',
        sub: 'alice',
        email: 'alice@example.com',
        isAdmin: 'false',
        integrationLatency: 0,
      },
    });
  });

  it('reuses a token’s policy within the TTL, for other method ARNs too, and asks again after it', async () => {
    const { emulated, calls, clock } = emulator(() => allowOwn('alice'));

    expect((await emulated.authorize('good', OWN_ARN)).allowed).toBe(true);
    clock.now = 299_999;
    expect((await emulated.authorize('good', OWN_ARN)).allowed).toBe(true);
    const denied = await emulated.authorize('good', LIST_ARN);
    expect(calls).toHaveLength(1);
    expect(denied).toMatchObject({ allowed: false, response: { type: 'ACCESS_DENIED', statusCode: 403 } });

    clock.now = 300_000;
    await emulated.authorize('good', OWN_ARN);
    expect(calls).toHaveLength(2);
    expect(emulated.invocations).toBe(2);
  });

  it('never caches a rejection: each call with a refused token asks the authorizer again', async () => {
    const { emulated, calls } = emulator(() => new Error('Unauthorized'));

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const outcome = await emulated.authorize('bad', OWN_ARN);
      expect(outcome).toMatchObject({ allowed: false, response: { statusCode: 401 } });
    }
    expect(calls).toHaveLength(3);
  });

  it('answers 500 like API Gateway when the authorizer fails otherwise or returns no usable policy', async () => {
    const crashing = emulator(() => new Error('boom'));
    expect(await crashing.emulated.authorize('t', OWN_ARN)).toMatchObject({
      allowed: false,
      response: { type: 'AUTHORIZER_CONFIGURATION_ERROR', statusCode: 500, message: null },
    });

    const nested = emulator(() => ({ ...allowOwn('alice'), context: { nested: { a: 1 } as never } }));
    expect(await nested.emulated.authorize('t', OWN_ARN)).toMatchObject({ response: { statusCode: 500 } });
  });

  it('keeps at most maxEntries policies, dropping the least recently used', async () => {
    const { emulated, calls } = emulator((token) => allowOwn(token), 2);

    await emulated.authorize('alice', OWN_ARN);
    await emulated.authorize('bob', OWN_ARN);
    await emulated.authorize('alice', OWN_ARN);
    await emulated.authorize('carol', OWN_ARN);
    expect(calls).toHaveLength(3);

    await emulated.authorize('alice', OWN_ARN);
    expect(calls).toHaveLength(3);
    await emulated.authorize('bob', OWN_ARN);
    expect(calls).toHaveLength(4);
  });
});
