import { ROUTES } from '@app/adapters-lambda';
import AjvModule from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_STACK_NAME, USERS_STACK_NAME } from '../../src/serverless-app.js';
import { type Synthesized, synthesize } from '../support/synth.js';
import { referencedIds, resourcesOf } from '../support/template-queries.js';

/*
 * The request models as API Gateway receives them (from the synthesized templates), read by an
 * independent JSON Schema draft-04 validator (ajv-draft-04, not zod): each must be a valid
 * draft-04 schema, accept the sample bodies the API accepts and refuse the ones it refuses — the
 * same verdict as the route's zod schema. Also `pnpm check:models` at the root.
 */

const ITEM = { id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 };
const CONTENT = { restaurantId: 1, orderItems: [ITEM], totalAmount: 9.99 };

const SAMPLES: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  createUser: {
    valid: [{ name: 'Jane Doe' }, { name: 'Jane Doe', email: 'jane@example.com', userid: 'jane-0001' }],
    invalid: [{}, { name: 42 }, { name: 'Jane', admin: true }, [], 'Jane'],
  },
  replaceUser: {
    valid: [
      { name: 'Jane Doe' },
      { name: 'Jane Doe', userid: 'jane-0001', timestamp: '2026-01-01T00:00:00Z' },
    ],
    invalid: [{ email: 'jane@example.com' }, { name: 'Jane', role: 'admin' }, null],
  },
  createOrder: {
    valid: [
      { orderId: 'order-0001', ...CONTENT },
      { orderId: 'o-2', ...CONTENT, restaurantId: 'r-1' },
    ],
    invalid: [
      { ...CONTENT },
      { orderId: 'order-0001', ...CONTENT, orderItems: [] },
      { orderId: 'order-0001', ...CONTENT, totalAmount: '9.99' },
      { orderId: 'order-0001', ...CONTENT, orderItems: [{ ...ITEM, quantity: 0 }] },
      { orderId: 'order-0001', ...CONTENT, coupon: 'FREE' },
    ],
  },
  editOrder: {
    valid: [CONTENT, { ...CONTENT, orderId: 'order-0001', status: 'PLACED' }],
    invalid: [
      { restaurantId: 1 },
      { ...CONTENT, orderItems: [{ ...ITEM, extra: 1 }] },
      { ...CONTENT, note: 'x' },
    ],
  },
};

// CommonJS with `exports.default`: under NodeNext the default import is the module object.
const Ajv = AjvModule as unknown as typeof AjvModule.default;

let synth: Synthesized;
let models: { operationId: string; schema: Record<string, unknown> }[];
beforeAll(() => {
  synth = synthesize();
  models = [USERS_STACK_NAME, ORDERS_STACK_NAME].flatMap((stackName) => {
    const template = synth.template(stackName);
    const byId = resourcesOf(template, 'AWS::ApiGateway::Model');
    return Object.values(resourcesOf(template, 'AWS::ApiGateway::Method')).flatMap((method) => {
      const [modelId] = referencedIds(method.Properties.RequestModels);
      if (modelId === undefined) return [];
      return [
        {
          operationId: method.Properties.OperationName as string,
          schema: byId[modelId]!.Properties.Schema as Record<string, unknown>,
        },
      ];
    });
  });
});
afterAll(() => synth?.cleanup());

it('deploys a model for every route with a body, and samples for each', () => {
  const withBody = ROUTES.filter((route) => route.requestSchema).map((route) => route.operationId);
  expect(models.map((model) => model.operationId).sort()).toEqual([...withBody].sort());
  expect(Object.keys(SAMPLES).sort()).toEqual([...withBody].sort());
});

describe.each(Object.keys(SAMPLES))('%s', (operationId) => {
  const model = () => models.find((candidate) => candidate.operationId === operationId)!;
  const zodVerdict = (body: unknown) =>
    ROUTES.find((route) => route.operationId === operationId)!.requestSchema!['~standard'].validate(body);

  it('is a valid draft-04 schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });

    expect(model().schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(ajv.validateSchema(model().schema), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('accepts the valid samples and refuses the invalid ones, as the zod schema does', async () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(model().schema);
    const { valid, invalid } = SAMPLES[operationId]!;

    for (const body of valid) {
      expect(validate(body), `${JSON.stringify(body)}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(((await zodVerdict(body)) as { issues?: unknown }).issues, JSON.stringify(body)).toBeUndefined();
    }
    for (const body of invalid) {
      expect(validate(body), JSON.stringify(body)).toBe(false);
      expect(((await zodVerdict(body)) as { issues?: unknown }).issues, JSON.stringify(body)).toBeDefined();
    }
  });
});
