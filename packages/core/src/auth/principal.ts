import { isValidId } from '../shared/identifiers.js';

export const DEFAULT_ADMIN_GROUP = 'apiAdmins';

/** The verified caller. `sub` is the only user id that ever comes from the caller. */
export interface Principal {
  sub: string;
  email?: string;
  groups: readonly string[];
  isAdmin: boolean;
}

/**
 * Claims as they reach the code: a verified JWT payload (`cognito:groups` an array) or API
 * Gateway's Cognito authorizer claims (every value a string, groups comma-separated,
 * sometimes in brackets).
 */
export type Claims = Readonly<Record<string, unknown>>;

/**
 * Builds the principal from verified claims, or returns `undefined` when they cannot identify
 * a caller safely: a `sub` outside the id charset could widen a policy resource (`*`, `/`).
 * Admin means exact membership of the admin group, in any position.
 */
export function principalFromClaims(
  claims: Claims,
  adminGroup: string = DEFAULT_ADMIN_GROUP,
): Principal | undefined {
  const sub = claims.sub;
  if (!isValidId(sub)) return undefined;
  const groups = parseGroups(claims['cognito:groups']);
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  return { sub, ...(email === undefined ? {} : { email }), groups, isAdmin: groups.includes(adminGroup) };
}

function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  if (typeof value !== 'string') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner
    .split(/[,\s]+/)
    .map((group) => group.trim())
    .filter((group) => group.length > 0);
}
