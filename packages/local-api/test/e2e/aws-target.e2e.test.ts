import { awsApiTarget, awsStackNames, type CognitoTokenProvider, describeApiScenarios } from '@app/e2e';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, vi } from 'vitest';
import { type Storage, startTarget, type Target } from '../helpers/target.js';

/**
 * The AWS target of `@app/e2e` (stack outputs from `DescribeStacks`, test users made through
 * Cognito's admin API, ID tokens from `InitiateAuth`), exactly as `E2E_TARGET=aws` builds it for
 * the deployed stacks, pointed at the local server by the SDK's own endpoint settings alone:
 * `AWS_ENDPOINT_URL`, a region and dummy credentials. The clients are built as in
 * `packages/e2e/test/deployed-api.aws.test.ts`, with no option of their own.
 */
describe.each<Storage>(['memory', 'dynamodb'])(
  'the AWS target against the local server (%s storage)',
  (storage) => {
    let target: Target;
    let tokens: CognitoTokenProvider | undefined;

    beforeAll(async () => {
      target = await startTarget(storage);
      vi.stubEnv('AWS_ENDPOINT_URL', target.server.url);
      vi.stubEnv('AWS_REGION', 'us-east-1');
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
      vi.stubEnv('AWS_SESSION_TOKEN', '');
      vi.stubEnv('AWS_PROFILE', '');
    });

    afterAll(async () => {
      await tokens?.cleanup();
      vi.unstubAllEnvs();
      await target?.close();
    });

    // The local server has no API Gateway request models: the handlers validate every body, as in
    // the local run of the suite; no local-only capability (clock, acknowledge) is declared.
    describeApiScenarios(
      'API scenarios',
      async () => {
        const aws = await awsApiTarget({
          cloudFormation: new CloudFormationClient({}),
          cognito: new CognitoIdentityProviderClient({}),
          stackNames: awsStackNames(process.env),
        });
        tokens = aws.tokens;
        return aws;
      },
      { capabilities: {}, gatewayRequestModels: false },
    );
  },
);
