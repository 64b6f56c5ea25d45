import type { Claims } from '@app/core';
import type { IdTokenVerifier } from '../app/contracts.js';
import { GATEWAY_RESPONSES, type GatewayResponse } from './gateway-responses.js';

export type CognitoOutcome =
  | { allowed: true; authorizer: { claims: Record<string, string> } }
  | { allowed: false; response: GatewayResponse };

/** Claims API Gateway renders as dates (`Wed Nov 26 21:44:00 UTC 2025`), not as epoch seconds. */
const TIME_CLAIMS = new Set(['exp', 'iat', 'auth_time', 'nbf']);

/**
 * API Gateway's Cognito user pool authorizer, with the same verifier as the token authorizer:
 * a missing or rejected token is 401; verified claims reach the handler as strings.
 */
export class CognitoAuthorizerEmulator {
  constructor(private readonly verifier: IdTokenVerifier) {}

  async authorize(authorizationHeader: string | undefined): Promise<CognitoOutcome> {
    if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
      return { allowed: false, response: GATEWAY_RESPONSES.unauthorized() };
    }
    try {
      const claims = await this.verifier.verify(authorizationHeader);
      return { allowed: true, authorizer: { claims: gatewayClaims(claims) } };
    } catch {
      return { allowed: false, response: GATEWAY_RESPONSES.unauthorized() };
    }
  }
}

/** Claims as `requestContext.authorizer.claims` holds them: every value a string, lists comma-joined. */
export function gatewayClaims(claims: Claims): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    if (TIME_CLAIMS.has(name) && typeof value === 'number') rendered[name] = javaDate(value);
    else if (Array.isArray(value)) rendered[name] = value.map(String).join(',');
    else if (typeof value === 'object') rendered[name] = JSON.stringify(value);
    else rendered[name] = String(value);
  }
  return rendered;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function javaDate(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}
