import { createLocalIdentity, type LocalIdentity } from '@app/local-api';

/**
 * ID tokens issued in the bench by the local identity provider's own code over a running
 * server's key file (`--key-file`): the claims and signature `POST /local/token` gives, as many
 * distinct tokens as wanted without an HTTP round trip each, every one verified by the server for
 * real (RS256 against its JWKS).
 */
export class TokenSigner {
  private constructor(private readonly identity: LocalIdentity) {}

  static async of(server: { url: string; keyFile: string }): Promise<TokenSigner> {
    const identity = createLocalIdentity({ keyFile: server.keyFile });
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    const { keys } = (await response.json()) as { keys: Array<{ kid: string }> };
    if (keys.length !== 1 || keys[0]?.kid !== identity.jwks.keys[0]?.kid)
      throw new Error('the server publishes another key than its key file holds');
    return new TokenSigner(identity);
  }

  /** A new token for `email`, valid for an hour. */
  token(email: string): string {
    return this.identity.issueToken(email).idToken;
  }
}
