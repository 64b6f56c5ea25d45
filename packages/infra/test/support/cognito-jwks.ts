import { execFileSync } from 'node:child_process';
import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Cognito's identity-provider host of a region: where the user pool's JWKS is published. */
export const cognitoHost = (region: string) => `cognito-idp.${region}.amazonaws.com`;

export interface CognitoJwksServer {
  host: string;
  port: number;
  /** A CA file trusting the server's certificate (for `NODE_EXTRA_CA_CERTS`). */
  caFile: string;
  /** JWKS requests served so far, by path. */
  requests: string[];
  /** An RS256 ID token of the pool, signed with the key the JWKS publishes. */
  idToken(claims: { sub: string; email: string; groups?: string[] }): string;
  close(): Promise<void>;
}

/**
 * Cognito's JWKS endpoint for one user pool on 127.0.0.1: HTTPS with a certificate for
 * `cognito-idp.<region>.amazonaws.com` (made with the `openssl` command line, trusted through
 * `caFile`), serving `/<userPoolId>/.well-known/jwks.json` — the address aws-jwt-verify derives
 * from the pool id — with the public half of a fresh RSA key.
 */
export async function startCognitoJwks(options: {
  dir: string;
  region: string;
  userPoolId: string;
  clientId: string;
}): Promise<CognitoJwksServer> {
  const host = cognitoHost(options.region);
  const keyFile = join(options.dir, 'jwks-server.key');
  const caFile = join(options.dir, 'jwks-server.crt');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${host}`,
        '-addext',
        `subjectAltName=DNS:${host}`,
        '-keyout',
        keyFile,
        '-out',
        caFile,
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error('the JWKS stand-in needs the `openssl` command (Debian: apt-get install openssl)', {
      cause: error,
    });
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }],
  });
  const jwksPath = `/${options.userPoolId}/.well-known/jwks.json`;
  const requests: string[] = [];
  const server: Server = createServer(
    { key: readFileSync(keyFile), cert: readFileSync(caFile) },
    (request, response) => {
      requests.push(request.url ?? '');
      if (request.url !== jwksPath) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(jwks);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://${host}/${options.userPoolId}`;
  return {
    host,
    port: (server.address() as AddressInfo).port,
    caFile,
    requests,
    idToken: ({ sub, email, groups }) =>
      signRs256(privateKey, kid, {
        sub,
        email,
        email_verified: true,
        ...(groups === undefined ? {} : { 'cognito:groups': groups }),
        iss: issuer,
        aud: options.clientId,
        token_use: 'id',
        'cognito:username': sub,
        auth_time: Math.floor(Date.now() / 1000),
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 3600,
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function signRs256(key: KeyObject, kid: string, payload: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${part({ alg: 'RS256', kid, typ: 'JWT' })}.${part(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}
