import { STACK_NAMES } from '@app/adapters-lambda';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import type { TableNames } from './local-storage.js';

/** The stack outputs that name the tables (`packages/infra`: `stackOutput(this, 'UsersTable', …)`). */
const TABLE_OUTPUTS = {
  users: { stack: STACK_NAMES.users, output: 'UsersTable' },
  orders: { stack: STACK_NAMES.orders, output: 'OrdersTable' },
  idempotency: { stack: STACK_NAMES.orders, output: 'IdempotencyTable' },
} as const;

/** The deployed tables' names, from the stacks' outputs, with the SDK's default credentials. */
export async function readStackTables(region: string): Promise<TableNames> {
  const client = new CloudFormationClient({ region });
  try {
    const outputs = new Map<string, Map<string, string>>();
    for (const stack of new Set(Object.values(TABLE_OUTPUTS).map(({ stack }) => stack))) {
      let described: DescribeStacksCommandOutput;
      try {
        described = await client.send(new DescribeStacksCommand({ StackName: stack }));
      } catch (error) {
        throw new Error(
          `Could not read the outputs of the stack ${stack} in ${region} (${(error as Error).message}); name the tables with --users-table, --orders-table and --idempotency-table.`,
          { cause: error },
        );
      }
      const values = new Map<string, string>();
      for (const { OutputKey, OutputValue } of described.Stacks?.[0]?.Outputs ?? []) {
        if (OutputKey !== undefined && OutputValue !== undefined) values.set(OutputKey, OutputValue);
      }
      outputs.set(stack, values);
    }
    const name = (kind: keyof TableNames) => {
      const { stack, output } = TABLE_OUTPUTS[kind];
      const value = outputs.get(stack)?.get(output);
      if (value === undefined) throw new Error(`The stack ${stack} has no output ${output}.`);
      return value;
    };
    return { users: name('users'), orders: name('orders'), idempotency: name('idempotency') };
  } finally {
    client.destroy();
  }
}
