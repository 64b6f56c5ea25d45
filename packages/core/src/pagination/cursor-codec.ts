import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors.js';

const invalidCursor = () => new DomainError('INVALID_CURSOR', 'The nextToken is not valid for this request.');

/**
 * Turns a repository position into an opaque `nextToken` and back. The token is signed with
 * HMAC-SHA256 over the scope (the caller and the query), so a forged, edited or foreign token
 * fails with INVALID_CURSOR before it reaches storage.
 */
export class CursorCodec {
  readonly #key: Buffer;

  constructor(key: string | Uint8Array) {
    this.#key = Buffer.from(key);
    if (this.#key.length < 16) throw new Error('The cursor signing key must be at least 16 bytes.');
  }

  encode(scope: string, position: string): string {
    const body = Buffer.from(position, 'utf8').toString('base64url');
    return `${body}.${this.#sign(scope, body)}`;
  }

  decode(scope: string, token: string): string {
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0) throw invalidCursor();
    // Compared as text: base64url decoding ignores trailing bits, so an edited last character
    // could decode to the same bytes.
    const expected = Buffer.from(this.#sign(scope, body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
    return Buffer.from(body, 'base64url').toString('utf8');
  }

  #sign(scope: string, body: string): string {
    return createHmac('sha256', this.#key).update(scope).update('\n').update(body).digest('base64url');
  }
}
