import { createPrivateKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, subjectForEmail } from '@app/local-api';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * ID tokens signed in the bench with a running server's own key file (`--key-file`), with the
 * claims its `/local/token` gives (fresh `jti`, `origin_jti` and `event_id` each): as many
 * distinct tokens as wanted without an HTTP round trip each, and every one verified by the server
 * for real (RS256 against its JWKS). The `kid` is the one the server publishes.
 */
export class TokenSigner {
  readonly #key: KeyObject;

  private constructor(
    key: KeyObject,
    readonly kid: string,
  ) {
    this.#key = key;
  }

  static async of(server: { url: string; keyFile: string }): Promise<TokenSigner> {
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    const { keys } = (await response.json()) as { keys: Array<{ kid: string }> };
    if (keys.length !== 1 || keys[0] === undefined) throw new Error('the server publishes no single key');
    return new TokenSigner(createPrivateKey(readFileSync(server.keyFile, 'utf8')), keys[0].kid);
  }

  /** A new token for `email`, valid for an hour, as `POST /local/token` issues it. */
  token(email: string): string {
    const sub = subjectForEmail(email);
    const issuedAt = Math.floor(Date.now() / 1000);
    const claims = {
      sub,
      email_verified: true,
      iss: LOCAL_ISSUER,
      'cognito:username': sub,
      origin_jti: randomUUID(),
      aud: LOCAL_CLIENT_ID,
      event_id: randomUUID(),
      token_use: 'id',
      auth_time: issuedAt,
      exp: issuedAt + 3600,
      iat: issuedAt,
      jti: randomUUID(),
      email,
    };
    const input = `${base64url({ kid: this.kid, alg: 'RS256' })}.${base64url(claims)}`;
    return `${input}.${sign('RSA-SHA256', Buffer.from(input), this.#key).toString('base64url')}`;
  }
}
