import type { Principal } from './principal.js';

/** Everything a caller can ask of the users API. */
export type UserAction = 'users:list' | 'users:create' | 'users:get' | 'users:replace' | 'users:delete';

/** The user a request is about; absent for collection routes. `ANY_USER` stands for every user. */
export interface UserResource {
  userid: string;
}

/** A resource id no real user can have (outside the id charset): "any user", as in `/users/*`. */
export const ANY_USER = '*';

const COLLECTION_ACTIONS: ReadonlySet<UserAction> = new Set(['users:list', 'users:create']);
const ITEM_ACTIONS: ReadonlySet<UserAction> = new Set(['users:get', 'users:replace', 'users:delete']);

/**
 * The one authorization rule of the users API, deny by default: admins may do everything; an
 * owner may read, replace and delete their own user; nobody else anything.
 */
export function authorize(principal: Principal, action: UserAction, resource?: UserResource): boolean {
  if (COLLECTION_ACTIONS.has(action)) return resource === undefined && principal.isAdmin;
  if (ITEM_ACTIONS.has(action) && resource !== undefined) {
    return principal.isAdmin || (resource.userid !== ANY_USER && resource.userid === principal.sub);
  }
  return false;
}

/** A users-API route template, in API Gateway's form. */
export interface UserRoute {
  action: UserAction;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: '/users' | '/users/{userid}';
}

export const USER_ROUTES: readonly UserRoute[] = [
  { action: 'users:list', method: 'GET', path: '/users' },
  { action: 'users:create', method: 'POST', path: '/users' },
  { action: 'users:get', method: 'GET', path: '/users/{userid}' },
  { action: 'users:replace', method: 'PUT', path: '/users/{userid}' },
  { action: 'users:delete', method: 'DELETE', path: '/users/{userid}' },
];

/** A concrete route a principal may call: `path` is literal, or ends in `*` for any user. */
export interface AllowedRoute {
  method: UserRoute['method'];
  path: string;
}

/**
 * Every users-API route the principal may call, derived from `authorize` itself so that the
 * authorizer's IAM policy and the handlers' checks cannot disagree.
 */
export function allowedUserRoutes(principal: Principal): AllowedRoute[] {
  const allowed: AllowedRoute[] = [];
  for (const route of USER_ROUTES) {
    if (route.path === '/users') {
      if (authorize(principal, route.action)) allowed.push({ method: route.method, path: route.path });
      continue;
    }
    if (authorize(principal, route.action, { userid: principal.sub })) {
      allowed.push({ method: route.method, path: `/users/${principal.sub}` });
    }
    if (authorize(principal, route.action, { userid: ANY_USER })) {
      allowed.push({ method: route.method, path: '/users/*' });
    }
  }
  return allowed;
}
