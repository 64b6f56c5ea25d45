import type { JsonSchema } from 'aws-cdk-lib/aws-apigateway';
import * as z from 'zod';

/** Keys whose value is a map of user-chosen names to schemas: the names must not be renamed. */
const NAMED_SUBSCHEMA_KEYS = new Set(['properties', 'patternProperties', 'definitions']);
/** JSON Schema keywords CDK's `JsonSchema` spells without the `$`. */
const DOLLAR_KEYWORDS: Record<string, string> = { $schema: 'schema', $ref: 'ref', $id: 'id' };

/**
 * The API Gateway request model of a zod schema: JSON Schema draft 4 (the version API Gateway
 * validates) of the schema's input side, i.e. what a client may send.
 */
export function requestModelSchema(schema: z.core.$ZodType): JsonSchema {
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-4', io: 'input' });
  return toCdkKeys(jsonSchema) as JsonSchema;
}

function toCdkKeys(value: unknown, keysAreNames = false): unknown {
  if (Array.isArray(value)) return value.map((item) => toCdkKeys(item));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      keysAreNames ? key : (DOLLAR_KEYWORDS[key] ?? key),
      keysAreNames ? toCdkKeys(child) : toCdkKeys(child, NAMED_SUBSCHEMA_KEYS.has(key)),
    ]),
  );
}
