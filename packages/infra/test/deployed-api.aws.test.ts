import { randomUUID } from 'node:crypto';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoTokenProvider, type Identity } from '../src/e2e/cognito-token-provider.js';
import { type AwsTarget, resolveAwsTarget } from '../src/e2e/stack-outputs.js';
import { ORDERS_STACK_NAME, USERS_STACK_NAME } from '../src/serverless-app.js';

/**
 * The API scenarios against the deployed stacks (E2E_TARGET=aws; credentials and region from the
 * usual AWS environment; stack names from E2E_USERS_STACK / E2E_ORDERS_STACK, by default the
 * app's). Test users are created in the pool and deleted afterwards.
 */
let target: AwsTarget;
let tokens: CognitoTokenProvider;
let alice: Identity;
let bob: Identity;
let admin: Identity;

beforeAll(async () => {
  target = await resolveAwsTarget(new CloudFormationClient({}), {
    users: process.env.E2E_USERS_STACK ?? USERS_STACK_NAME,
    orders: process.env.E2E_ORDERS_STACK ?? ORDERS_STACK_NAME,
  });
  tokens = new CognitoTokenProvider({ cognito: new CognitoIdentityProviderClient({}), ...target });
  [alice, bob, admin] = await Promise.all([tokens.token(), tokens.token(), tokens.token({ admin: true })]);
});

afterAll(async () => {
  await tokens?.cleanup();
});

async function call(url: string, method: string, identity?: Identity, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(identity ? { Authorization: identity.token } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

describe('users API', () => {
  const users = (path = '') => `${target.usersApiUrl}/users${path}`;

  it('answers 401 without a token', async () => {
    expect((await call(users(), 'GET')).status).toBe(401);
  });

  it('lets a user create, read and delete their own profile, and nobody else’s', async () => {
    const put = await call(users(`/${alice.sub}`), 'PUT', alice, { name: 'Alice', email: alice.email });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ userid: alice.sub, name: 'Alice' });
    expect((await call(users(`/${alice.sub}`), 'GET', alice)).json).toMatchObject({ name: 'Alice' });
    expect((await call(users(`/${alice.sub}`), 'GET', bob)).status).toBe(403);
    expect((await call(users(), 'GET', bob)).status).toBe(403);
    expect((await call(users(), 'GET', admin)).status).toBe(200);
    expect((await call(users(`/${alice.sub}`), 'DELETE', alice)).status).toBe(204);
    expect((await call(users(`/${alice.sub}`), 'GET', alice)).status).toBe(404);
  });
});

describe('orders API', () => {
  const orders = (path = '') => `${target.ordersApiUrl}/orders${path}`;
  const order = () => ({
    orderId: randomUUID(),
    restaurantId: 1,
    orderItems: [{ id: 1, name: 'Spaghetti', price: 9.99, quantity: 2 }],
    totalAmount: 19.98,
  });

  it('answers 401 without a token and 400 for a body that fails the model', async () => {
    expect((await call(orders(), 'GET')).status).toBe(401);
    expect((await call(orders(), 'POST', alice, { orderId: 'x' })).status).toBe(400);
  });

  it('places an order once, replays it, reads, lists, edits and cancels it', async () => {
    const body = order();
    const placed = await call(orders(), 'POST', alice, body);
    expect(placed.status).toBe(200);
    expect(placed.json).toMatchObject({ ...body, userId: alice.sub, status: 'PLACED' });
    const replay = await call(orders(), 'POST', alice, body);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(placed.json);

    expect((await call(orders(`/${body.orderId}`), 'GET', alice)).json).toEqual(placed.json);
    expect((await call(orders(`/${body.orderId}`), 'GET', bob)).status).toBe(404);
    const list = await call(orders(), 'GET', alice);
    expect(list.json.orders.map((listed: { orderId: string }) => listed.orderId)).toContain(body.orderId);

    const edited = await call(orders(`/${body.orderId}`), 'PUT', alice, {
      ...body,
      orderId: undefined,
      totalAmount: 25,
    });
    expect(edited.status).toBe(200);
    expect(edited.json.totalAmount).toBe(25);
    const canceled = await call(orders(`/${body.orderId}`), 'DELETE', alice);
    expect(canceled.status).toBe(200);
    expect(canceled.json.status).toBe('CANCELED');
  });
});
