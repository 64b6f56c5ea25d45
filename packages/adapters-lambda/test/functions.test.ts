import { afterEach, describe, expect, it, vi } from 'vitest';
import { composeAddOrderFunction } from '../src/app/compose-add-order.js';
import { composeAuthorizerFunction } from '../src/app/compose-authorizer.js';
import {
  composeCancelOrderFunction,
  composeEditOrderFunction,
  composeGetOrderFunction,
  composeListOrdersFunction,
  composeUsersFunction,
} from '../src/app/compose-lambda.js';
import { FUNCTIONS } from '../src/routes.js';
import { lambdaContext, tokenAuthorizerEvent } from './helpers/events.js';

const ENV = {
  AWS_REGION: 'us-east-1',
  USERS_TABLE: 'users-table',
  ORDERS_TABLE: 'orders-table',
  IDEMPOTENCY_TABLE: 'idempotency-table',
  USER_POOL_ID: 'us-east-1_TestPool1',
  USER_POOL_CLIENT_ID: 'testclientid',
  CURSOR_SIGNING_KEY: 'a-cursor-signing-key-of-32-chars!',
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('Lambda composition', () => {
  it.each([
    ['users', composeUsersFunction, ['USERS_TABLE', 'CURSOR_SIGNING_KEY']],
    ['authorizer', composeAuthorizerFunction, ['USER_POOL_ID', 'USER_POOL_CLIENT_ID']],
    ['addOrder', composeAddOrderFunction, ['ORDERS_TABLE', 'IDEMPOTENCY_TABLE']],
    ['getOrder', composeGetOrderFunction, ['ORDERS_TABLE']],
    ['listOrders', composeListOrdersFunction, ['ORDERS_TABLE', 'CURSOR_SIGNING_KEY']],
    ['editOrder', composeEditOrderFunction, ['ORDERS_TABLE']],
    ['cancelOrder', composeCancelOrderFunction, ['ORDERS_TABLE']],
  ] as const)('composes %s from its own variables and names each missing one', (_, compose, required) => {
    const only = Object.fromEntries(required.map((name) => [name, ENV[name]]));

    expect(compose({ ...only, AWS_REGION: 'us-east-1' })).toBeTypeOf('function');
    for (const name of required) {
      expect(() => compose({ ...only, AWS_REGION: 'us-east-1', [name]: undefined })).toThrow(name);
    }
  });

  it.each(Object.entries(FUNCTIONS))('has an entry module exporting handler for %s', async (_, { entry }) => {
    const module = (await import(/* @vite-ignore */ `../src/${entry.replace(/\.ts$/, '.js')}`)) as {
      handler: unknown;
    };

    expect(module.handler).toBeTypeOf('function');
  });

  it('fails the first invocation naming the missing variable, before anything else', async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, name === 'USER_POOL_ID' ? '' : value);
    const { handler } = await import('../src/functions/authorizer.js');

    await expect(handler(tokenAuthorizerEvent('x'), lambdaContext('authorizer'))).rejects.toThrow(
      'USER_POOL_ID',
    );
  });
});
