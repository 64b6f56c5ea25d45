import type * as z from 'zod';
import { type FieldIssue, validationFailed } from '../errors.js';

/** Parses untrusted input, turning every schema issue into one VALIDATION_FAILED error. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  pathPrefix: string[] = [],
): z.output<S> {
  const result = schema.safeParse(input);
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
