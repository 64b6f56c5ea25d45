import { allowedUserRoutes, type Principal } from '@app/core';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';

export const INVOKE_ACTION = 'execute-api:Invoke';

/** The parts of an API Gateway method ARN: `arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`. */
export interface MethodArn {
  partition: string;
  region: string;
  account: string;
  apiId: string;
  stage: string;
  method: string;
  /** The resource path without its leading `/`. */
  path: string;
}

// Wildcards are excluded from the prefix parts: the policy is built from them and must not widen.
const METHOD_ARN = /^arn:([a-z-]+):execute-api:([a-z0-9-]+):([^:*?]+):([^/:*?]+)\/([^/*?]+)\/([A-Z]+)\/(.*)$/;

export function parseMethodArn(methodArn: string): MethodArn | undefined {
  const match = METHOD_ARN.exec(methodArn);
  if (match === null) return undefined;
  const [, partition = '', region = '', account = '', apiId = '', stage = '', method = '', path = ''] = match;
  return { partition, region, account, apiId, stage, method, path };
}

/** `arn:…:{apiId}/{stage}/{METHOD}/{path}` for a method and a path starting with `/`. */
export function methodArnFor(base: Omit<MethodArn, 'method' | 'path'>, method: string, path: string): string {
  const { partition, region, account, apiId, stage } = base;
  return `arn:${partition}:execute-api:${region}:${account}:${apiId}/${stage}/${method}${path}`;
}

/**
 * The TOKEN authorizer's answer: one Allow statement per route the principal may call (from the
 * core's `allowedUserRoutes`, so the policy cannot disagree with `authorize`), on the API and
 * stage of the `methodArn` being called. It covers every route, not only the one called, so
 * API Gateway's policy cache stays right for the next calls. Context values are primitives.
 */
export function buildAuthorizerResult(principal: Principal, methodArn: string): APIGatewayAuthorizerResult {
  const arn = parseMethodArn(methodArn);
  if (arn === undefined) throw new Error('The method ARN is not an API Gateway method ARN.');
  return {
    principalId: principal.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: allowedUserRoutes(principal).map((route) => ({
        Effect: 'Allow',
        Action: INVOKE_ACTION,
        Resource: methodArnFor(arn, route.method, route.path),
      })),
    },
    context: {
      sub: principal.sub,
      email: principal.email ?? '',
      isAdmin: principal.isAdmin ? 'true' : 'false',
    },
  };
}

/** The parts of an IAM policy statement the evaluator reads. */
export interface PolicyStatementLike {
  Effect: string;
  Action?: string | readonly string[];
  Resource?: string | readonly string[];
}

export interface PolicyDocumentLike {
  Statement: readonly PolicyStatementLike[];
}

/**
 * Evaluates a policy as API Gateway does for `execute-api:Invoke` on `methodArn`: denied unless
 * an Allow statement matches, and an explicit Deny always wins. Actions match case-insensitively,
 * resources case-sensitively, both with IAM's `*` (any run of characters) and `?` (one character).
 * Statements using NotAction or NotResource match nothing.
 */
export function isAllowed(policy: PolicyDocumentLike, methodArn: string, action = INVOKE_ACTION): boolean {
  let allowed = false;
  for (const statement of policy.Statement) {
    const matches =
      asList(statement.Action).some((pattern) =>
        matchesIamPattern(pattern.toLowerCase(), action.toLowerCase()),
      ) && asList(statement.Resource).some((pattern) => matchesIamPattern(pattern, methodArn));
    if (!matches) continue;
    if (statement.Effect === 'Deny') return false;
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

/**
 * IAM wildcard matching: `*` matches any run of characters (including `/`), `?` exactly one.
 * Greedy with one backtrack point, so it stays linear-ish whatever the pattern.
 */
export function matchesIamPattern(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    // A wildcard first: a literal `*` in the value must not consume the pattern's `*`.
    if (p < pattern.length && pattern[p] === '*') {
      star = p;
      resume = v;
      p += 1;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p += 1;
      v += 1;
    } else if (star !== -1) {
      p = star + 1;
      resume += 1;
      v = resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

function asList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}
