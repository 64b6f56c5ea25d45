import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type FaultKind = 'throttle' | 'lose-reply';

export interface Fault {
  kind: FaultKind;
  /** e.g. `PutItemCommand`; every command when absent. */
  command?: string;
  /** Only requests to this table; every table when absent. */
  tableName?: string;
  /** How many matching requests fail; every one when absent. */
  times?: number;
}

/** What DynamoDB answers when a table is over its throughput: retried by the SDK as throttling. */
const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

/** A connection reset after the request reached the server: retried by the SDK as transient. */
const replyLost = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: {} });

/**
 * Makes matching requests of this client fail, inside the SDK's retry loop (each attempt counts):
 * `throttle` fails before the request is sent, `lose-reply` after the server has applied it.
 */
export function injectFault(client: DynamoDBDocumentClient, fault: Fault) {
  let failed = 0;
  let seen = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string };
      const matches =
        (fault.command === undefined || context.commandName === fault.command) &&
        (fault.tableName === undefined || input.TableName === fault.tableName);
      if (!matches) return next(args);
      seen++;
      const fail = fault.times === undefined || failed < fault.times;
      if (fail) failed++;
      if (fail && fault.kind === 'throttle') throw throttled();
      const output = await next(args);
      if (fail && fault.kind === 'lose-reply') throw replyLost();
      return output;
    },
    { step: 'deserialize', name: `fault-${fault.kind}-${fault.command ?? 'any'}` },
  );
  return {
    /** Matching requests the server was asked for (or would have been), retries included. */
    get attempts() {
      return seen;
    },
    get failed() {
      return failed;
    },
  };
}
