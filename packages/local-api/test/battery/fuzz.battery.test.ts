import {
  CreateOrderInputSchema,
  CreateUserInputSchema,
  createReadOnlyViolation,
  ReplaceUserInputSchema,
} from '@app/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BATTERY_SEED,
  type BatteryTarget,
  diffSnapshots,
  type HttpResponse,
  type Identity,
  leakIn,
  newOrder,
  pool,
  report,
  startBatteryTarget,
} from './support.js';

const BODIES = 10_000;
const PATHS = 2_000;
const IN_FLIGHT = 24;
const ALLOWED = new Set([400, 404, 413, 415, 422]);
const MISSING_AUTHENTICATION_TOKEN = '{"message":"Missing Authentication Token"}';

/** The order every valid-looking POST body is pointed at: an existing key, other content. */
const FIXTURE_ORDER_ID = 'fuzz-fixture';
const FIXTURE_ORDER = newOrder(FIXTURE_ORDER_ID, {
  restaurantId: 'fuzz-fixture-restaurant',
  orderItems: [{ id: 'fixture-item', name: 'Fixture', price: 123.45, quantity: 7 }],
  totalAmount: 999_999.99,
});
const CANCELED_ORDER_ID = 'fuzz-canceled';
const MISSING_ORDER_ID = 'fuzz-missing';

type BodyRoute =
  | 'POST /orders'
  | 'PUT /orders/{canceled}'
  | 'PUT /orders/{missing}'
  | 'POST /users'
  | 'PUT /users/{own}';

interface BodyCase {
  route: BodyRoute;
  body: string;
  contentType: string;
}

const validBodies: Record<BodyRoute, Record<string, unknown>> = {
  'POST /orders': newOrder('fuzz-base', { restaurantId: 3 }),
  'PUT /orders/{canceled}': {
    restaurantId: 3,
    orderItems: [{ id: 1, name: 'Soup', price: 4.5, quantity: 2 }],
    totalAmount: 9,
  },
  'PUT /orders/{missing}': {
    restaurantId: 3,
    orderItems: [{ id: 1, name: 'Soup', price: 4.5, quantity: 2 }],
    totalAmount: 9,
  },
  'POST /users': { name: 'Fuzzy', email: 'fuzzy@example.com' },
  'PUT /users/{own}': { name: 'Fuzzy', email: 'fuzzy@example.com' },
};

/** A JSON value to put where a valid one was: wrong types, edge numbers, odd strings. */
const strangeValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    '',
    ' ',
    '\u0000',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '$' + '{jndi:ldap://127.0.0.1/x}',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🍝',
    'x'.repeat(300),
    -1,
    0,
    -0,
    0.001,
    1e-7,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    19.999,
    1_000_000.01,
    true,
    [],
    {},
    [[[[[[]]]]]],
  ),
);

/** A mutation of a valid body: a field replaced, removed or added, or an item broken. */
function mutation(route: BodyRoute): fc.Arbitrary<unknown> {
  const base = validBodies[route];
  const keys = Object.keys(base);
  return fc.oneof(
    fc
      .record({ key: fc.constantFrom(...keys), value: strangeValue })
      .map(({ key, value }) => ({ ...base, [key]: value })),
    fc
      .constantFrom(...keys)
      .map((key) => Object.fromEntries(Object.entries(base).filter(([name]) => name !== key))),
    fc
      .record({ key: fc.string({ maxLength: 12 }), value: strangeValue })
      .map(({ key, value }) => ({ ...base, [key]: value })),
    fc
      .record({
        key: fc.constantFrom('id', 'name', 'price', 'quantity', 'extra'),
        value: strangeValue,
        count: fc.nat(60),
      })
      .map(({ key, value, count }) => ({
        ...base,
        orderItems: Array.from({ length: count }, () => ({
          id: 1,
          name: 'Soup',
          price: 1,
          quantity: 1,
          [key]: value,
        })),
      })),
  );
}

/** The body text: JSON (arbitrary or mutated), or not JSON at all. */
function bodyText(route: BodyRoute): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: mutation(route).map((value) => JSON.stringify(value)) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .nat(JSON.stringify(validBodies[route]).length)
        .map((cut) => JSON.stringify(validBodies[route]).slice(0, cut)),
    },
    { weight: 1, arbitrary: fc.constant('{"name":"x"}'.padEnd(70 * 1024, ' ')) },
  );
}

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/problem+json',
      'multipart/form-data; boundary=x',
      'application/xml',
    ),
  },
);

const bodyCase: fc.Arbitrary<BodyCase> = fc
  .constantFrom<BodyRoute>(
    'POST /orders',
    'PUT /orders/{canceled}',
    'PUT /orders/{missing}',
    'POST /users',
    'PUT /users/{own}',
  )
  .chain((route) => fc.record({ route: fc.constant(route), body: bodyText(route), contentType }));

/**
 * A fuzzed body the API would rightly accept must not create anything, so the few generated
 * bodies that are fully valid are pointed where acceptance is impossible: a valid order body
 * at an existing orderId (other content: 422 inside the idempotency window), a valid user body
 * with one unknown field added (400). PUT /orders goes to a CANCELED order or a missing one,
 * where any body is refused as it is.
 */
function neutralised({ route, body, contentType }: BodyCase): BodyCase {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { route, body, contentType };
  }
  if (route === 'POST /orders') {
    const valid = CreateOrderInputSchema.safeParse(parsed);
    if (valid.success && createReadOnlyViolation(valid.data, 'any-caller') === undefined) {
      return {
        route,
        body: JSON.stringify({ ...(parsed as object), orderId: FIXTURE_ORDER_ID }),
        contentType,
      };
    }
  }
  if (route === 'POST /users' || route === 'PUT /users/{own}') {
    const schema = route === 'POST /users' ? CreateUserInputSchema : ReplaceUserInputSchema;
    if (schema.safeParse(parsed).success) {
      return { route, body: JSON.stringify({ ...(parsed as object), fuzzUnknownField: true }), contentType };
    }
  }
  return { route, body, contentType };
}

describe('battery: fuzzing bodies, paths and queries (dynamodb storage)', () => {
  let target: BatteryTarget;
  let user: Identity;
  let admin: Identity;
  let ownerCursor: string;

  beforeAll(async () => {
    target = await startBatteryTarget();
    user = await target.http.identity();
    admin = await target.http.identity({ groups: ['apiAdmins'] });
    expect(
      (await target.http.put(`/users/${user.sub}`, { token: user.token, body: { name: 'Fuzz' } })).status,
    ).toBe(200);
    expect((await target.http.post('/orders', { token: user.token, body: FIXTURE_ORDER })).status).toBe(200);
    expect(
      (await target.http.post('/orders', { token: user.token, body: newOrder(CANCELED_ORDER_ID) })).status,
    ).toBe(200);
    expect((await target.http.delete(`/orders/${CANCELED_ORDER_ID}`, { token: user.token })).status).toBe(
      200,
    );
    ownerCursor = (await target.http.get('/orders?limit=1', { token: user.token })).json.nextToken;
  });

  afterAll(async () => {
    await target?.close();
  });

  const bodyRequest = ({ route, body, contentType }: BodyCase) => {
    const [method = 'POST', template = ''] = route.split(' ');
    const path = template
      .replace('{canceled}', CANCELED_ORDER_ID)
      .replace('{missing}', MISSING_ORDER_ID)
      .replace('{own}', user.sub);
    return target.http.request(method, path, {
      token: route === 'POST /users' ? admin.token : user.token,
      rawBody: body,
      headers: { 'Content-Type': contentType },
    });
  };

  it(`answers ${BODIES} fuzzed bodies with 400/404/413/415/422 only, writes nothing and leaks nothing`, async () => {
    report(`  fuzz: seed ${BATTERY_SEED} (FC_SEED overrides), ${BODIES} bodies, ${IN_FLIGHT} in flight`);
    const cases = fc.sample(bodyCase, { seed: BATTERY_SEED, numRuns: BODIES }).map(neutralised);
    const before = await target.snapshot();
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let done = 0;
    await pool(cases, IN_FLIGHT, async (fuzzCase) => {
      const response = await bodyRequest(fuzzCase);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const problem = check(response, fuzzCase.body);
      if (problem !== undefined && failures.length < 20) {
        failures.push(
          `${fuzzCase.route} [${fuzzCase.contentType}] ${fuzzCase.body.slice(0, 100)} → ${problem}`,
        );
      }
      if (++done % 2500 === 0) report(`  fuzz: ${done}/${BODIES} bodies`);
    });
    const after = await target.snapshot();
    const { added, removed, changed } = diffSnapshots(before, after);
    const serverErrors = [...statuses]
      .filter(([status]) => status >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    const written = added.length + removed.length + changed.length;

    report(`  fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    report(
      `Fuzz: ${BODIES} bodies (seed ${BATTERY_SEED}), ${serverErrors} server errors, ${written} items written`,
    );
    expect(failures).toEqual([]);
    expect(serverErrors).toBe(0);
    expect({ added, removed, changed }).toEqual({ added: [], removed: [], changed: [] });
  });

  it(`answers ${PATHS} fuzzed paths and queries with 400/404 (or API Gateway's 403 for no route) and writes nothing`, async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '../users',
        '%2e%2e',
        '%2e%2e%2fusers',
        '..%2f..%2f',
        '%00',
        'a%00b',
        '%',
        '%zz',
        '%252e%252e',
        '*',
        '%2A',
        '~',
        ';',
        'x'.repeat(10 * 1024),
        '%F0%9F%8D%9D',
        '%C3%A9%E2%80%AE',
        '%ED%A0%80',
        'caf\u00e9',
        `${FIXTURE_ORDER_ID}%00`,
        `${FIXTURE_ORDER_ID}%20`,
        `${FIXTURE_ORDER_ID.toUpperCase()}`,
      ),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((text) => encodeURIComponent(text)),
      fc.string({ minLength: 65, maxLength: 200 }).map((text) => encodeURIComponent(text)),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).map((id) => `${id}-nf`.slice(0, 64)),
    );
    const garbage = fc.oneof(
      fc.constantFrom(
        '',
        '0',
        '-1',
        '101',
        '1e2',
        '1.5',
        '%205',
        '0x10',
        'NaN',
        'Infinity',
        '%00',
        '99999999999999999999',
        'abc',
      ),
      fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)),
      fc.string({ minLength: 1, maxLength: 10 * 1024 }).map((text) => encodeURIComponent(text)),
    );
    const token = fc.oneof(
      fc.constantFrom(
        '',
        'null',
        'e30',
        'e30.e30',
        `${ownerCursor}x`,
        ownerCursor.split('.').reverse().join('.'),
        '%00',
      ),
      fc.base64String({ maxLength: 200 }).map((text) => encodeURIComponent(text)),
      fc.string({ minLength: 1, maxLength: 10 * 1024 }).map((text) => encodeURIComponent(text)),
    );
    const validLimit = (text: string) => /^(?:[1-9]\d?|100)$/.test(decodeURIComponentSafe(text).trim());
    const pathCase = fc.oneof(
      fc
        .tuple(fc.constantFrom('GET', 'DELETE', 'PUT'), segment)
        .map(([method, id]) => ({ method, path: `/orders/${id}` })),
      fc
        .tuple(fc.constantFrom('GET', 'DELETE'), segment)
        .map(([method, id]) => ({ method, path: `/users/${id}`, admin: true })),
      fc.tuple(segment, segment).map(([a, b]) => ({ method: 'GET', path: `/orders/${a}/${b}` })),
      segment.map((id) => ({ method: 'GET', path: `/${id}/orders` })),
      segment.map((id) => ({ method: 'GET', path: `/orders/../${id}` })),
      garbage
        .filter((limit) => !validLimit(limit))
        .map((limit) => ({ method: 'GET', path: `/orders?limit=${limit}` })),
      token.map((nextToken) => ({ method: 'GET', path: `/orders?nextToken=${nextToken}` })),
      fc.tuple(garbage, token).map(([limit, nextToken]) => ({
        method: 'GET',
        path: `/users?limit=${limit}&nextToken=${nextToken}`,
        admin: true,
      })),
      fc.constantFrom(
        { method: 'GET', path: '/orders?limit=1&limit=2' },
        { method: 'GET', path: '/orders?unknown=1' },
        { method: 'GET', path: `/orders/${FIXTURE_ORDER_ID}?limit=1` },
        { method: 'GET', path: '/orders?nextToken' },
        { method: 'GET', path: '/orders?limit' },
        { method: 'GET', path: '/orders?limit=1&nextToken=' },
      ),
    );
    const cases = fc.sample(pathCase, { seed: BATTERY_SEED + 1, numRuns: PATHS });
    const editBody = {
      restaurantId: 1,
      orderItems: [{ id: 1, name: 'X', price: 1, quantity: 1 }],
      totalAmount: 1,
    };
    const before = await target.snapshot();
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    await pool(cases, IN_FLIGHT, async (pathCase) => {
      const response = await target.http.request(pathCase.method, pathCase.path, {
        token: 'admin' in pathCase ? admin.token : user.token,
        ...(pathCase.method === 'PUT' ? { body: editBody } : {}),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const gatewayNoRoute = response.status === 403 && response.text === MISSING_AUTHENTICATION_TOKEN;
      const problem = gatewayNoRoute ? undefined : check(response, pathCase.path);
      if (problem !== undefined && failures.length < 20) {
        failures.push(`${pathCase.method} ${pathCase.path.slice(0, 120)} → ${problem}`);
      }
    });
    const after = await target.snapshot();
    const { added, removed, changed } = diffSnapshots(before, after);
    report(
      `  fuzz: ${PATHS} paths and queries, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(failures).toEqual([]);
    expect({ added, removed, changed }).toEqual({ added: [], removed: [], changed: [] });
  });
});

/** Why a fuzz answer is wrong, or `undefined`. */
function check(response: HttpResponse, sent: string): string | undefined {
  if (!ALLOWED.has(response.status)) return `${response.status} ${response.text.slice(0, 200)}`;
  const leak = leakIn(response.text, sent);
  if (leak !== undefined) return `leaks '${leak}': ${response.text.slice(0, 200)}`;
  if (response.headers['content-type'] === undefined) return 'no Content-Type';
  return undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
