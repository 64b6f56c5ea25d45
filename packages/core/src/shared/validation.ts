import * as z from 'zod/mini';
import { type FieldIssue, validationFailed } from '../errors.js';

/**
 * Parses untrusted input, turning every schema issue into one VALIDATION_FAILED error. Takes any
 * zod schema: the core's (`zod/mini`) and those built with `zod`.
 */
export function parseInput<S extends z.core.$ZodType>(
  schema: S,
  input: unknown,
  pathPrefix: string[] = [],
): z.output<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  throw validationFailed(result.error.issues.flatMap((issue) => toFieldIssues(issue, pathPrefix)));
}

function toFieldIssues(issue: z.core.$ZodIssue, pathPrefix: string[]): FieldIssue[] {
  const path = [...pathPrefix, ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
  }
  return [{ path: path.join('.') || '(root)', message: issue.message }];
}
