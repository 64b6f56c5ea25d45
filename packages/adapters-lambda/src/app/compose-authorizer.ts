import { createIdTokenVerifier } from '../auth/id-token-verifier.js';
import { readConfig } from '../config.js';
import type { TokenAuthorizerHandler } from '../handlers/authorizer.js';
import { createAuthorizerHandler } from '../handlers/authorizer.js';
import { createObservability } from '../observability/observability.js';

/** The TOKEN authorizer; its verifier lives as long as the environment, so the JWKS is fetched once. */
export function composeAuthorizerFunction(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TokenAuthorizerHandler {
  const config = readConfig(['USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'ADMIN_GROUP_NAME'], env);
  return createAuthorizerHandler({
    verifier: createIdTokenVerifier({
      userPoolId: config.USER_POOL_ID,
      clientId: config.USER_POOL_CLIENT_ID,
    }),
    adminGroup: config.ADMIN_GROUP_NAME,
    observability: createObservability('users'),
  });
}
