import { describe, expect, it } from 'vitest';
import { createIdTokenVerifier, TokenRejectedError } from '../../src/auth/id-token-verifier.js';
import {
  CLIENT_ID,
  createSigningKey,
  idTokenClaims,
  signHs256WithPublicKey,
  signJwt,
  tamperPayload,
  USER_POOL_ID,
} from '../helpers/tokens.js';

const key = createSigningKey();
const verifier = createIdTokenVerifier({
  userPoolId: USER_POOL_ID,
  clientId: CLIENT_ID,
  jwks: key.jwks,
  fetcher: {
    fetch: async () => {
      throw new Error('network closed');
    },
  },
});

const now = Math.floor(Date.now() / 1000);

describe('createIdTokenVerifier', () => {
  it('returns the verified claims of a valid ID token', async () => {
    const claims = idTokenClaims({ 'cognito:groups': ['apiAdmins'] });

    await expect(verifier.verify(`Bearer ${signJwt(key, claims)}`)).resolves.toMatchObject(claims);
  });

  it.each([
    ['expired', () => signJwt(key, idTokenClaims({ exp: now - 1 })), 'JwtExpiredError'],
    ['without exp', () => signJwt(key, { ...idTokenClaims(), exp: undefined }), 'TokenRejectedError'],
    [
      'with cognito:groups as a string (read as an admin list otherwise)',
      () => signJwt(key, idTokenClaims({ 'cognito:groups': 'apiAdmins' })),
      'TokenRejectedError',
    ],
    [
      'with a non-string group',
      () => signJwt(key, idTokenClaims({ 'cognito:groups': ['users', 1] })),
      'TokenRejectedError',
    ],
    [
      'with a non-string email',
      () => signJwt(key, idTokenClaims({ email: ['a@example.com'] })),
      'TokenRejectedError',
    ],
    ['for another client', () => signJwt(key, idTokenClaims({ aud: 'x' })), 'CognitoJwtInvalidClientIdError'],
    [
      'an access token',
      () => signJwt(key, idTokenClaims({ token_use: 'access' })),
      'CognitoJwtInvalidTokenUseError',
    ],
    [
      'from another issuer',
      () => signJwt(key, idTokenClaims({ iss: 'https://evil.example' })),
      'ParameterValidationError',
    ],
    [
      'tampered',
      () => tamperPayload(signJwt(key, idTokenClaims()), idTokenClaims()),
      'JwtInvalidSignatureError',
    ],
    [
      'HS256 with the public key',
      () => signHs256WithPublicKey(key, idTokenClaims()),
      'JwtInvalidSignatureAlgorithmError',
    ],
  ])(
    'rejects a token %s for the library reason, wrapped in TokenRejectedError',
    async (_, token, causeName) => {
      const error = await verifier.verify(token()).catch((rejection: unknown) => rejection);

      expect(error).toBeInstanceOf(TokenRejectedError);
      expect(((error as Error).cause as Error).constructor.name).toBe(causeName);
    },
  );
});
