import { DEFAULT_ADMIN_GROUP, DEFAULT_IDEMPOTENCY_WINDOW_SECONDS, ensureZodDefaults } from '@app/core';
import * as z from 'zod/mini';
import { ANY_ORIGIN, corsPolicyFromList } from './cors.js';

// `zod/mini`, as the core's schemas: a function loads no other zod (see `ensureZodDefaults`).
ensureZodDefaults();

const TableNameSchema = z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'));

/**
 * Every environment variable a function may read, validated once per cold start. Each function
 * picks only the variables it needs (`readConfig`), so an unrelated one can never stop it.
 */
export const ConfigSchema = z.object({
  AWS_REGION: z
    .string()
    .check(z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region, e.g. us-east-1')),
  USERS_TABLE: TableNameSchema,
  ORDERS_TABLE: TableNameSchema,
  IDEMPOTENCY_TABLE: TableNameSchema,
  USER_POOL_ID: z
    .string()
    .check(z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[A-Za-z0-9]+$/, 'must be a Cognito user pool id')),
  USER_POOL_CLIENT_ID: z.string().check(z.regex(/^[A-Za-z0-9]{1,128}$/, 'must be a Cognito app client id')),
  ADMIN_GROUP_NAME: z._default(z.string().check(z.minLength(1), z.maxLength(128)), DEFAULT_ADMIN_GROUP),
  /** Secret for the HMAC-signed pagination cursors. */
  CURSOR_SIGNING_KEY: z.string().check(z.minLength(32, 'must be at least 32 characters')),
  IDEMPOTENCY_WINDOW_SECONDS: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(7 * 24 * 3600)),
    DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
  ),
  /** Origins whose pages may call the API: `*`, or a comma-separated list of exact origins. */
  CORS_ALLOWED_ORIGINS: z._default(
    z
      .string()
      .check(z.refine(isOriginList, 'must be * or a comma-separated list of origins (scheme://host[:port])')),
    ANY_ORIGIN,
  ),
  /** Only for a local or test DynamoDB-compatible server; absent on AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
});

export type Config = z.output<typeof ConfigSchema>;
export type ConfigKey = keyof Config;

/** A missing or invalid environment variable; the message names every offending variable. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * Reads and validates the given variables from the environment (blank values count as missing).
 * Throws a `ConfigurationError` naming each missing or invalid variable.
 */
export function readConfig<K extends ConfigKey>(
  keys: readonly K[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Pick<Config, K> {
  const mask = Object.fromEntries(keys.map((key) => [key, true])) as Record<ConfigKey, true>;
  const schema = z.pick(ConfigSchema, mask);
  const input = Object.fromEntries(keys.map((key) => [key, blankToUndefined(env[key])]));
  const result = z.safeParse(schema, input);
  if (result.success) return result.data as Pick<Config, K>;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(environment)');
    return input[name] === undefined ? `${name} is required` : `${name}: ${issue.message}`;
  });
  throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}.`);
}

function isOriginList(value: string): boolean {
  try {
    corsPolicyFromList(value);
    return true;
  } catch {
    return false;
  }
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
