import { randomUUID } from 'node:crypto';
import { createDocumentClient, createDynamoDbAdapters, ensureTables } from '@app/adapters-dynamodb';
import {
  LOCAL_CREDENTIALS,
  returnOldItemsOnConditionCheckFailure,
  startDynalite,
  uniqueTableNames,
} from '@app/adapters-dynamodb/testing';
import { buildServices, type Principal } from '@app/core';
import { orderRequest } from './fixtures.js';
import { type MetricLine, metricLine } from './report.js';

/**
 * DynamoDB requests per API operation (retries included), counted by an SDK middleware on the
 * client the adapters use, against dynalite made to return the refused item the way DynamoDB
 * does (`ReturnValuesOnConditionCheckFailure`). The reference is the minimum: one request.
 */
export async function callCountMetrics(): Promise<MetricLine[]> {
  const dynalite = await startDynalite();
  returnOldItemsOnConditionCheckFailure(true);
  const client = createDocumentClient({ endpoint: dynalite.endpoint, credentials: LOCAL_CREDENTIALS });
  try {
    const tables = uniqueTableNames('bench-calls');
    await ensureTables(client, tables);
    let calls = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        calls++;
        return next(args);
      },
      { step: 'deserialize', name: 'benchCountCalls' },
    );
    const services = buildServices({
      ...createDynamoDbAdapters({ client, tables }),
      cursorSigningKey: 'bench-call-count-signing-key',
    });
    const count = async (action: () => Promise<unknown>) => {
      calls = 0;
      await action();
      return calls;
    };
    const admin: Principal = { sub: `admin-${randomUUID()}`, groups: ['apiAdmins'], isAdmin: true };
    const caller: Principal = { sub: `user-${randomUUID()}`, groups: [], isAdmin: false };
    const order = orderRequest();
    const { orderId: _, ...content } = order;
    const userid = caller.sub;

    const rows: Array<[string, number, number]> = [
      ['POST /users', await count(() => services.users.create(admin, { userid, name: 'Ana' })), 1],
      ['GET /users/{userid}', await count(() => services.users.get(caller, userid)), 1],
      ['PUT /users/{userid}', await count(() => services.users.replace(caller, userid, { name: 'Bo' })), 1],
      ['GET /users (one page)', await count(() => services.users.list(admin, { limit: 10 })), 1],
      ['DELETE /users/{userid}', await count(() => services.users.delete(caller, userid)), 1],
      ['POST /orders (first)', await count(() => services.orders.create(caller, order)), 3],
      ['POST /orders (replay)', await count(() => services.orders.create(caller, order)), 1],
      ['GET /orders/{orderId}', await count(() => services.orders.get(caller, order.orderId)), 1],
      ['GET /orders (one page)', await count(() => services.orders.list(caller, { limit: 50 })), 1],
      [
        'PUT /orders/{orderId}',
        await count(() => services.orders.edit(caller, order.orderId, { ...content, totalAmount: 30 })),
        1,
      ],
      ['DELETE /orders/{orderId}', await count(() => services.orders.cancel(caller, order.orderId)), 1],
    ];
    return rows.map(([operation, value, target]) =>
      metricLine(`dynamodb-calls:${operation}`, value, 1, target),
    );
  } finally {
    returnOldItemsOnConditionCheckFailure(false);
    client.destroy();
    await dynalite.close();
  }
}
