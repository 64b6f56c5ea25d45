import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from '../helpers/target.js';

/** What a client that is not an AWS SDK may send: Cognito's error format, never a 5xx. */
describe('the Cognito wire protocol (AWS JSON 1.1)', () => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget('memory', { onCognitoMessage: () => undefined });
  });

  afterAll(async () => {
    await target?.close();
  });

  const call = (action: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${target.server.url}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
        ...headers,
      },
      body,
    });

  it.each([
    ['SignUp', '{not json', 'SerializationException'],
    ['SignUp', '[1,2]', 'SerializationException'],
    ['SignUp', '{"ClientId":42}', 'SerializationException'],
    ['SignUp', '{}', 'InvalidParameterException'],
    ['AdminGetUser', '{"UserPoolId":"us-east-1_LocalPool"}', 'InvalidParameterException'],
    ['InitiateAuth', '{"ClientId":"localappclient","AuthFlow":"CUSTOM_AUTH"}', 'InvalidParameterException'],
    ['ListUsers', '{"UserPoolId":"us-east-1_LocalPool","Limit":61}', 'InvalidParameterException'],
    [
      'ListUsers',
      '{"UserPoolId":"us-east-1_LocalPool","PaginationToken":"%%%"}',
      'InvalidParameterException',
    ],
    [
      'ListUsers',
      '{"UserPoolId":"us-east-1_LocalPool","Filter":"__proto__ = \\"x\\""}',
      'InvalidParameterException',
    ],
    [
      'ListUsers',
      '{"UserPoolId":"us-east-1_LocalPool","Filter":"constructor ^= \\"x\\""}',
      'InvalidParameterException',
    ],
    [
      'InitiateAuth',
      `{"ClientId":"localappclient","AuthFlow":"REFRESH_TOKEN_AUTH","AuthParameters":{"REFRESH_TOKEN":"A.${'a'.repeat(43)}"}}`,
      'NotAuthorizedException',
    ],
    [
      'SignUp',
      '{"ClientId":"localappclient","Username":"p@example.com","Password":"Abcdefghij1!","UserAttributes":[{"Name":"__proto__","Value":"x"}]}',
      'InvalidParameterException',
    ],
    ['CreateUserPool', '{}', 'UnknownOperationException'],
    ['__proto__', '{}', 'UnknownOperationException'],
    ['constructor', '{}', 'UnknownOperationException'],
  ])('answers %s with %s → 400 %s, as Cognito formats it', async (action, body, type) => {
    const response = await call(action, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-errortype')?.split(':')[0]).toBe(type);
    expect(response.headers.get('x-amzn-requestid')).toEqual(expect.any(String));
    const answer = (await response.json()) as { __type: string; message: string };
    expect(answer.__type).toBe(type);
    expect(typeof answer.message).toBe('string');
  });

  it('answers another service’s target as an unknown operation', async () => {
    const response = await call('x', '{}', { 'X-Amz-Target': 'DynamoDB_20120810.ListTables' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('leaves every other POST / to the gateway: Missing Authentication Token', async () => {
    const response = await fetch(`${target.server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });
});
