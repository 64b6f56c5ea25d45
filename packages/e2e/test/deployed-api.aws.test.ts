import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll } from 'vitest';
import { describeApiScenarios } from '../src/index.js';
import { awsApiTarget, awsStackNames } from '../src/targets/aws-target.js';
import type { CognitoTokenProvider } from '../src/targets/cognito-token-provider.js';

/**
 * The shared API scenarios (`describeApiScenarios`, the ones the local server runs)
 * against the deployed stacks. Runs only with E2E_TARGET=aws (see vitest.config.ts and the README):
 * credentials and region come from the usual AWS environment, stack names from E2E_USERS_STACK /
 * E2E_ORDERS_STACK (by default the app's). Test users are created in the user pool (the admin in
 * the admin group) and deleted afterwards.
 */
let tokens: CognitoTokenProvider | undefined;

afterAll(async () => {
  await tokens?.cleanup();
});

// A deployed stack has neither a clock the suite can move nor an acknowledge route, so the
// scenarios that need them are not defined here (they run locally); its API Gateway request
// models answer bodies that fail the model, so the gateway's variant of those scenarios is defined.
describeApiScenarios(
  'the deployed APIs',
  async () => {
    const target = await awsApiTarget({
      cloudFormation: new CloudFormationClient({}),
      cognito: new CognitoIdentityProviderClient({}),
      stackNames: awsStackNames(process.env),
    });
    tokens = target.tokens;
    return target;
  },
  { capabilities: {}, gatewayRequestModels: true },
);
