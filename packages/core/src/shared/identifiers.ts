import * as z from 'zod/mini';
import { ensureZodDefaults } from './zod-defaults.js';

ensureZodDefaults();

/**
 * Ids that travel in paths, table keys and IAM resource ARNs. The charset keeps them safe in all
 * three: no `/`, `*` or `?` can widen an authorizer policy or escape a path segment.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const IdSchema = z
  .string()
  .check(z.regex(ID_PATTERN, 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -'));

export const isValidId = (value: unknown): value is string =>
  typeof value === 'string' && ID_PATTERN.test(value);
