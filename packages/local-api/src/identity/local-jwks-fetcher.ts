import type { Fetcher } from 'aws-jwt-verify/https';
import type { Jwks } from './identity.js';

/**
 * The local pool's "JWKS download": aws-jwt-verify asks for the JWKS when a token names a `kid`
 * it has not cached; locally the answer is always the local keys, and nothing leaves the machine.
 */
export function createLocalJwksFetcher(jwks: Jwks): Fetcher {
  const body = new TextEncoder().encode(JSON.stringify(jwks));
  return {
    fetch: async () => body.slice().buffer,
  };
}
