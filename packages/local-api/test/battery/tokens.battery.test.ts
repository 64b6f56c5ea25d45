import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../src/identity/identity.js';
import { b64url, idTokenClaims, publicPem, signJwt } from './forge.js';
import {
  type BatteryTarget,
  type Identity,
  newOrder,
  report,
  routePaths,
  startBatteryTarget,
} from './support.js';

/**
 * Bad tokens against every route of both APIs. Claims checks are attacked with tokens signed by
 * the server's own key (the battery gives the server its key file), so a refusal is the claim
 * check's, not a bad signature's.
 */
describe('battery: attack tokens against both APIs (dynamodb storage)', () => {
  let target: BatteryTarget;
  let victim: Identity;
  let orderId: string;

  beforeAll(async () => {
    target = await startBatteryTarget();
    victim = await target.http.identity();
    orderId = `order-tokens-${victim.sub.slice(0, 8)}`;
    const created = await target.http.post('/orders', { token: victim.token, body: newOrder(orderId) });
    expect(created.status).toBe(200);
    const profile = await target.http.put(`/users/${victim.sub}`, {
      token: victim.token,
      body: { name: 'Victim' },
    });
    expect(profile.status).toBe(200);
  });

  afterAll(async () => {
    await target?.close();
  });

  function attackTokens(kid: string): Array<{ name: string; authorization: string; allowed?: number[] }> {
    const serverKey = target.signingKey;
    const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const now = Math.floor(Date.now() / 1000);
    const claims = (overrides: Record<string, unknown> = {}) => idTokenClaims(victim.sub, overrides);
    const admin = { 'cognito:groups': ['apiAdmins'] };
    const rs256 = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) =>
      signJwt({ kid, alg: 'RS256', ...header }, payload, serverKey);
    const [header = '', payload = '', signature = ''] = victim.token.split('.');
    const victimClaims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const withoutExp = claims();
    delete withoutExp.exp;
    const accessClaims = claims({ token_use: 'access', client_id: LOCAL_CLIENT_ID, scope: 'openid' });
    delete accessClaims.aud;
    const attackerJwk = createPublicKey(attackerKey).export({ format: 'jwk' });

    return [
      {
        name: 'alg none, no signature',
        authorization: signJwt({ alg: 'none', kid }, claims(admin), undefined, 'none'),
      },
      {
        name: 'alg none, with a signature',
        authorization: `${b64url({ alg: 'none', kid })}.${payload}.${signature}`,
      },
      {
        name: 'alg None (case)',
        authorization: signJwt({ alg: 'None', kid }, claims(admin), undefined, 'none'),
      },
      {
        name: 'HS256 signed with the public key (PEM)',
        authorization: signJwt({ alg: 'HS256', kid }, claims(admin), publicPem(serverKey), 'HS256'),
      },
      {
        name: 'HS256 signed with the JWKS text',
        authorization: signJwt(
          { alg: 'HS256', kid },
          claims(admin),
          JSON.stringify({ keys: [kid] }),
          'HS256',
        ),
      },
      {
        name: 'RS384 header (server key)',
        authorization: signJwt({ alg: 'RS384', kid }, claims(), serverKey, 'RS384'),
      },
      {
        name: 'PS256 header (server key)',
        authorization: signJwt({ alg: 'PS256', kid }, claims(), serverKey, 'PS256'),
      },
      {
        name: 'unknown kid',
        authorization: signJwt({ alg: 'RS256', kid: 'attacker-kid' }, claims(admin), attackerKey),
      },
      { name: 'missing kid (server key)', authorization: signJwt({ alg: 'RS256' }, claims(), serverKey) },
      { name: 'kid path traversal', authorization: rs256(claims(), { kid: '../../../../dev/null' }) },
      {
        name: 'tampered claims: groups',
        authorization: `${header}.${b64url({ ...victimClaims, ...admin })}.${signature}`,
      },
      {
        name: 'tampered claims: sub',
        authorization: `${header}.${b64url({ ...victimClaims, sub: '00000000-0000-5000-8000-000000000000' })}.${signature}`,
      },
      {
        name: 'another key with the same kid',
        authorization: signJwt({ alg: 'RS256', kid }, claims(admin), attackerKey),
      },
      {
        name: 'embedded attacker jwk header',
        authorization: signJwt({ alg: 'RS256', kid, jwk: attackerJwk }, claims(admin), attackerKey),
      },
      {
        name: 'jku header to an attacker JWKS',
        authorization: signJwt(
          { alg: 'RS256', kid: 'jku-kid', jku: 'http://127.0.0.1:9/jwks.json' },
          claims(),
          attackerKey,
        ),
      },
      {
        name: 'expired',
        authorization: rs256(claims({ iat: now - 7200, auth_time: now - 7200, exp: now - 60 })),
      },
      { name: 'nbf in the future', authorization: rs256(claims({ nbf: now + 3600 })) },
      { name: 'no exp', authorization: rs256(withoutExp) },
      {
        name: 'wrong issuer',
        authorization: rs256(
          claims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Attacker' }),
        ),
      },
      { name: 'wrong client (aud)', authorization: rs256(claims({ aud: 'attackerclient' })) },
      { name: 'access token', authorization: rs256(accessClaims) },
      {
        name: 'wrong claim type: exp as a string',
        authorization: rs256(claims({ exp: String(now + 3600) })),
      },
      { name: 'wrong claim type: sub as a number', authorization: rs256(claims({ sub: 12345 })) },
      {
        name: 'wrong claim type: groups as a string',
        authorization: rs256(claims({ 'cognito:groups': 'apiAdmins' })),
      },
      { name: 'wrong claim type: token_use as a list', authorization: rs256(claims({ token_use: ['id'] })) },
      { name: 'sub with a wildcard', authorization: rs256(claims({ sub: '*' })) },
      { name: 'malformed: empty', authorization: '' },
      { name: 'malformed: two parts', authorization: `${header}.${payload}` },
      { name: 'malformed: four parts', authorization: `${victim.token}.${signature}` },
      { name: 'malformed: bad base64url', authorization: `${header}.${payload}+/=.${signature}` },
      { name: 'malformed: header not JSON', authorization: `${b64url('not json')}.${payload}.${signature}` },
      { name: 'Bearer Bearer', authorization: `Bearer Bearer ${victim.token}` },
      { name: 'Bearer with two spaces', authorization: `Bearer  ${victim.token}` },
      { name: 'Bearer without a token', authorization: 'Bearer' },
      { name: 'Basic credentials', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      { name: 'trailing data after the token', authorization: `${victim.token} trailing` },
      { name: 'trailing escape after the token', authorization: `${victim.token}%00` },
      {
        name: '8 KiB+ header (validly signed)',
        authorization: `Bearer ${rs256(claims({ padding: 'x'.repeat(8 * 1024) }))}`,
      },
      {
        // Past Node's 16 KiB header limit, the HTTP server answers 431 itself. API Gateway also
        // refuses such requests before any authorizer (its header limit is 10 KB): 4xx, never 5xx.
        name: '20 KiB header (validly signed)',
        authorization: `Bearer ${rs256(claims({ padding: 'x'.repeat(20 * 1024) }))}`,
        allowed: [401, 431],
      },
    ];
  }

  it('refuses every attack token with 401 on every route of both APIs, and never answers 5xx', async () => {
    const jwks = await target.http.get('/.well-known/jwks.json');
    const kid: string = jwks.json.keys[0].kid;
    const routes = routePaths(victim.sub, orderId);
    const body = (path: string, method: string) =>
      method === 'POST' && path === '/users'
        ? { name: 'Mallory' }
        : method === 'POST'
          ? newOrder(`order-attack-${Math.random().toString(36).slice(2)}`)
          : method === 'PUT' && path.startsWith('/users')
            ? { name: 'Mallory' }
            : method === 'PUT'
              ? {
                  restaurantId: 2,
                  orderItems: [{ id: 1, name: 'Pwned', price: 0, quantity: 1 }],
                  totalAmount: 0,
                }
              : undefined;

    // Control: the forging is right. A well-formed token signed with the server's key passes.
    const control = signJwt({ kid, alg: 'RS256' }, idTokenClaims(victim.sub), target.signingKey);
    expect((await target.http.get('/orders', { authorization: control })).status).toBe(200);
    expect(
      (await target.http.get(`/users/${victim.sub}`, { authorization: `Bearer ${control}` })).status,
    ).toBe(200);

    const before = await target.snapshot();
    const tokens = attackTokens(kid);
    let accepted = 0;
    let serverErrors = 0;
    let requests = 0;
    const unexpected: string[] = [];
    for (const token of tokens) {
      for (const route of routes) {
        const requestBody = body(route.path, route.method);
        const response = await target.http.request(route.method, route.path, {
          authorization: token.authorization,
          ...(requestBody === undefined ? {} : { body: requestBody }),
        });
        requests++;
        if (response.status < 300) accepted++;
        if (response.status >= 500) serverErrors++;
        const allowed = token.allowed ?? [401];
        // API Gateway's own 401, or (orders API) the handler's: API Gateway's Cognito authorizer
        // checks the signature and the standard claims only, so the handler refuses a `sub`
        // outside the id charset itself (http-edge.md, `UNAUTHORIZED`).
        const unauthorizedBody =
          response.status !== 401 ||
          response.text === '{"message":"Unauthorized"}' ||
          (route.api === 'orders' && response.json?.code === 'UNAUTHORIZED');
        if (!allowed.includes(response.status) || !unauthorizedBody) {
          unexpected.push(
            `${token.name}: ${route.method} ${route.path} → ${response.status} ${response.text.slice(0, 120)}`,
          );
        }
      }
    }
    report(`  tokens: ${tokens.length} kinds × ${routes.length} routes = ${requests} requests`);
    report(`JWT: ${tokens.length} attack tokens tried, ${accepted} accepted, ${serverErrors} 5xx`);

    expect(tokens.length).toBeGreaterThanOrEqual(20);
    expect(unexpected).toEqual([]);
    expect(accepted).toBe(0);
    expect(serverErrors).toBe(0);
    expect(await target.snapshot()).toEqual(before);
  });
});
