import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors.js';
import { CreateOrderInputSchema, EditOrderInputSchema } from '../src/orders/order.schema.js';
import { parseInput } from '../src/shared/validation.js';
import { CreateUserInputSchema } from '../src/users/user.schema.js';
import { createOrderInputArb, idArb, orderContentArb } from './arbitraries.js';

type Input = Record<string, unknown> & { orderItems: Record<string, unknown>[] };

/** A way to break a valid create-order input, and the path the error must name. */
interface Mutation {
  name: string;
  apply: (input: Input) => string;
}

const bad = (...values: unknown[]) => fc.constantFrom(...values);
const setItemField = (field: string, value: unknown) => (input: Input) => {
  input.orderItems[0]![field] = value;
  return `orderItems.0.${field}`;
};
const setField = (field: string, value: unknown) => (input: Input) => {
  input[field] = value;
  return field;
};

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  bad('', 'a/b', 'x'.repeat(65), 'id with space', '../etc', 'é', 42, null).map((v) => ({
    name: `orderId=${JSON.stringify(v)}`,
    apply: setField('orderId', v),
  })),
  bad(0, -1, 1.5, '', 'x'.repeat(65), null, true, {}).map((v) => ({
    name: `restaurantId=${JSON.stringify(v)}`,
    apply: setField('restaurantId', v),
  })),
  bad(-0.01, 1.001, 19.999, 1_000_000.01, '19.97', null, Number.NaN).map((v) => ({
    name: `totalAmount=${v}`,
    apply: setField('totalAmount', v),
  })),
  bad([], 'items', null).map((v) => ({
    name: `orderItems=${JSON.stringify(v)}`,
    apply: setField('orderItems', v),
  })),
  bad(-1, 0.005, 2.345, '1').map((v) => ({ name: `price=${v}`, apply: setItemField('price', v) })),
  bad(0, 1001, 1.5, -3, '2').map((v) => ({ name: `quantity=${v}`, apply: setItemField('quantity', v) })),
  bad('', 'x'.repeat(201), 7).map((v) => ({
    name: `name=${JSON.stringify(v)}`,
    apply: setItemField('name', v),
  })),
  bad(0, -5, '', null).map((v) => ({ name: `item id=${JSON.stringify(v)}`, apply: setItemField('id', v) })),
  fc.constantFrom('coupon', 'isAdmin', 'groups', '__proto__', 'constructor').map((field) => ({
    name: `unknown field ${field}`,
    apply: (input: Input) => {
      Object.defineProperty(input, field, { value: 1, enumerable: true, configurable: true, writable: true });
      return field;
    },
  })),
  fc.constantFrom('extra', 'userId').map((field) => ({
    name: `unknown item field ${field}`,
    apply: setItemField(field, 1),
  })),
  fc.constant({
    name: 'too many items',
    apply: (input: Input) => {
      input.orderItems = Array.from({ length: 51 }, () => ({ ...input.orderItems[0]! }));
      return 'orderItems';
    },
  }),
);

describe('schemas (properties)', () => {
  it('accepts every generated valid create-order input unchanged', () => {
    fc.assert(
      fc.property(createOrderInputArb, (input) => {
        expect(parseInput(CreateOrderInputSchema, input)).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every generated valid edit input', () => {
    fc.assert(
      fc.property(orderContentArb, (content) => {
        expect(parseInput(EditOrderInputSchema, content)).toEqual(content);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every mutated create-order input with VALIDATION_FAILED naming the offending path', () => {
    fc.assert(
      fc.property(createOrderInputArb, mutationArb, (valid, mutation) => {
        const input = structuredClone(valid) as Input;
        const path = mutation.apply(input);
        let error: unknown;
        try {
          parseInput(CreateOrderInputSchema, JSON.parse(JSON.stringify(input)));
        } catch (e) {
          error = e;
        }
        expect(error, mutation.name).toBeInstanceOf(DomainError);
        const domainError = error as DomainError;
        expect(domainError.code).toBe('VALIDATION_FAILED');
        expect(domainError.issues.map((issue) => issue.path)).toContain(path);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts valid users and refuses unknown fields and bad emails', () => {
    fc.assert(
      fc.property(
        idArb,
        fc.string({ minLength: 1, maxLength: 200 }).filter((s) => /\S/.test(s)),
        (userid, name) => {
          expect(parseInput(CreateUserInputSchema, { userid, name })).toEqual({ userid, name });
          expect(() => parseInput(CreateUserInputSchema, { userid, name, isAdmin: true })).toThrow(
            DomainError,
          );
          expect(() => parseInput(CreateUserInputSchema, { userid, name, email: 'not-an-email' })).toThrow(
            DomainError,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
