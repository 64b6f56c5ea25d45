import { describe, expect, it } from 'vitest';
import { ConfigurationError, readConfig } from '../src/config.js';

const VALID = {
  AWS_REGION: 'eu-west-1',
  USERS_TABLE: 'serverless-users',
  ORDERS_TABLE: 'serverless-orders',
  IDEMPOTENCY_TABLE: 'serverless-idempotency',
  USER_POOL_ID: 'eu-west-1_AbCdEf123',
  USER_POOL_CLIENT_ID: '4pvqqexampleclientid01',
  CURSOR_SIGNING_KEY: 'k'.repeat(32),
};

describe('readConfig', () => {
  it('reads the requested variables with their defaults', () => {
    const config = readConfig(
      ['USERS_TABLE', 'ADMIN_GROUP_NAME', 'IDEMPOTENCY_WINDOW_SECONDS', 'DYNAMODB_ENDPOINT'],
      VALID,
    );

    expect(config).toEqual({
      USERS_TABLE: 'serverless-users',
      ADMIN_GROUP_NAME: 'apiAdmins',
      IDEMPOTENCY_WINDOW_SECONDS: 3600,
    });
  });

  it('reads only what it is asked for: an unrelated broken variable does not matter', () => {
    expect(readConfig(['ORDERS_TABLE'], { ...VALID, USERS_TABLE: '' })).toEqual({
      ORDERS_TABLE: 'serverless-orders',
    });
  });

  it('parses numbers and the endpoint', () => {
    const config = readConfig(['IDEMPOTENCY_WINDOW_SECONDS', 'DYNAMODB_ENDPOINT'], {
      IDEMPOTENCY_WINDOW_SECONDS: '120',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    });

    expect(config).toEqual({ IDEMPOTENCY_WINDOW_SECONDS: 120, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });
  });

  it.each([
    ['USERS_TABLE', {}, 'USERS_TABLE is required'],
    ['USERS_TABLE', { USERS_TABLE: '   ' }, 'USERS_TABLE is required'],
    ['USER_POOL_ID', { USER_POOL_ID: 'not-a-pool' }, 'USER_POOL_ID: must be a Cognito user pool id'],
    ['AWS_REGION', { AWS_REGION: 'mars' }, 'AWS_REGION: must be an AWS region'],
    ['IDEMPOTENCY_WINDOW_SECONDS', { IDEMPOTENCY_WINDOW_SECONDS: 'soon' }, 'IDEMPOTENCY_WINDOW_SECONDS:'],
    [
      'CURSOR_SIGNING_KEY',
      { CURSOR_SIGNING_KEY: 'short' },
      'CURSOR_SIGNING_KEY: must be at least 32 characters',
    ],
    ['DYNAMODB_ENDPOINT', { DYNAMODB_ENDPOINT: 'localhost' }, 'DYNAMODB_ENDPOINT:'],
  ] as const)('fails naming %s', (key, env, message) => {
    expect(() => readConfig([key], env)).toThrow(ConfigurationError);
    expect(() => readConfig([key], env)).toThrow(message);
  });

  it('names every offending variable at once', () => {
    expect(() => readConfig(['USERS_TABLE', 'ORDERS_TABLE'], {})).toThrow(
      'Invalid configuration: USERS_TABLE is required; ORDERS_TABLE is required.',
    );
  });
});
