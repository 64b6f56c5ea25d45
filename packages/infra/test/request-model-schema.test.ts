import { CreateOrderInputSchema } from '@app/core';
import { JsonSchemaVersion } from 'aws-cdk-lib/aws-apigateway';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { requestModelSchema } from '../src/constructs/request-model-schema.js';

describe('requestModelSchema', () => {
  it('describes what a client may send, as JSON Schema draft 4 in CDK spelling', () => {
    const schema = requestModelSchema(
      z.strictObject({ name: z.string().min(1), count: z.number().default(1) }),
    );

    expect(schema).toEqual({
      schema: JsonSchemaVersion.DRAFT4,
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 }, count: { type: 'number', default: 1 } },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('keeps user-chosen property names that look like keywords', () => {
    const schema = requestModelSchema(z.strictObject({ $schema: z.string(), $ref: z.string() }));

    expect(Object.keys(schema.properties ?? {})).toEqual(['$schema', '$ref']);
  });

  it('refuses unknown fields of an order, as the handler does', () => {
    expect(requestModelSchema(CreateOrderInputSchema)).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(['orderId', 'restaurantId', 'orderItems', 'totalAmount']),
    });
  });
});
