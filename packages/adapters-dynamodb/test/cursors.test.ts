import { buildServices, type CoreServices, CursorCodec, isDomainError, type Principal } from '@app/core';
import { sampleContent, uniqueId } from '@app/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbAdapters } from '../src/index.js';
import { countCalls, SERVERS, startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

const SIGNING_KEY = 'cursor-test-signing-key';
const codeOf = (error: unknown) => (isDomainError(error) ? error.code : error);
const customer = (): Principal => ({ sub: uniqueId('user'), groups: [], isAdmin: false });
const admin: Principal = { sub: 'admin-1', groups: ['apiAdmins'], isAdmin: true };

let db: TestDatabase;
let services: CoreServices;
let counter: ReturnType<typeof countCalls>;
let alice: Principal;
let firstPage: { items: { orderId: string }[]; nextToken?: string };
let usersToken: string;

// Every test here runs on both servers: dynalite in process, and moto (see server-differences.test.ts).
describe.each(SERVERS)('on %s', (kind) => {
  beforeAll(async () => {
    db = await startTestDatabase(`cursors-${kind}`, kind);
    const client = db.client();
    counter = countCalls(client);
    services = buildServices({
      ...createDynamoDbAdapters({ client, tables: db.tables }),
      cursorSigningKey: SIGNING_KEY,
    });
    alice = customer();
    for (const orderId of ['o-1', 'o-2', 'o-3'])
      await services.orders.create(alice, { orderId, ...sampleContent() });
    for (const userid of ['u-1', 'u-2', 'u-3']) await services.users.create(admin, { userid, name: userid });
    firstPage = await services.orders.list(alice, { limit: 2 });
    const usersPage = await services.users.list(admin, { limit: 2 });
    usersToken = usersPage.nextToken!;
  });
  afterAll(() => db.close());

  /** The code a list call fails with, and the DynamoDB calls it made. */
  const listWith = async (caller: Principal, nextToken: string, list: 'orders' | 'users' = 'orders') => {
    const { result, total } = await counter.during(() =>
      (list === 'orders'
        ? services.orders.list(caller, { nextToken })
        : services.users.list(caller, { nextToken })
      ).catch(codeOf),
    );
    return { result, calls: total };
  };

  describe('pagination cursors on DynamoDB', () => {
    it('pages a user’s orders with a signed nextToken that continues where the page ended', async () => {
      expect(firstPage.items.map((order) => order.orderId)).toEqual(['o-1', 'o-2']);
      const next = await services.orders.list(alice, { limit: 2, nextToken: firstPage.nextToken! });
      expect(next.items.map((order) => order.orderId)).toEqual(['o-3']);
      expect(next.nextToken).toBeUndefined();
    });

    it.each([
      ['tampered', (token: string) => `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`],
      ['truncated', (token: string) => token.slice(0, -3)],
      ['cut at the signature', (token: string) => token.split('.')[0]!],
      ['not a cursor at all', () => 'not-a-cursor'],
      [
        'signed with another key',
        (token: string) => new CursorCodec('another-signing-key!').encode(`orders:${alice.sub}`, token),
      ],
    ])('refuses a %s cursor with INVALID_CURSOR before reaching DynamoDB', async (_, forge) => {
      expect(await listWith(alice, forge(firstPage.nextToken!))).toEqual({
        result: 'INVALID_CURSOR',
        calls: 0,
      });
    });

    it('refuses another user’s cursor with INVALID_CURSOR', async () => {
      expect(await listWith(customer(), firstPage.nextToken!)).toEqual({
        result: 'INVALID_CURSOR',
        calls: 0,
      });
    });

    it('refuses a cursor of another query with INVALID_CURSOR, both ways', async () => {
      expect(await listWith(admin, usersToken)).toEqual({ result: 'INVALID_CURSOR', calls: 0 });
      expect(await listWith(admin, firstPage.nextToken!, 'users')).toEqual({
        result: 'INVALID_CURSOR',
        calls: 0,
      });
    });

    it('continues the users list with its own cursor', async () => {
      const { result, calls } = await listWith(admin, usersToken, 'users');
      expect(calls).toBe(1);
      expect((result as { items: unknown[] }).items.length).toBeGreaterThan(0);
    });
  });
});
