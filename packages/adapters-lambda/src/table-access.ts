import type { TableKind } from '@app/adapters-dynamodb';
import type { FunctionName } from './routes.js';

/** The DynamoDB API actions a function may be granted on a table, as IAM names them. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem';

/**
 * Every DynamoDB call each function's code makes, by table: the CDK stacks grant exactly these
 * (nothing more), and `test/table-access.test.ts` records the calls each function sends while
 * its routes run against dynalite and requires exactly these. users: Scan (list), GetItem,
 * PutItem (create, replace), DeleteItem; add: puts the order (and reads it back when a retry
 * arrives after the idempotency window) and owns its idempotency records; get and list only
 * read; edit and cancel apply one conditional update and read the order on the failure path to
 * name the reason; the authorizer touches no table.
 */
export const FUNCTION_TABLE_ACCESS: Record<
  FunctionName,
  Partial<Record<TableKind, readonly TableAction[]>>
> = {
  users: { users: ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:DeleteItem'] },
  authorizer: {},
  addOrder: {
    orders: ['dynamodb:PutItem', 'dynamodb:GetItem'],
    idempotency: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  },
  getOrder: { orders: ['dynamodb:GetItem'] },
  listOrders: { orders: ['dynamodb:Query'] },
  editOrder: { orders: ['dynamodb:UpdateItem', 'dynamodb:GetItem'] },
  cancelOrder: { orders: ['dynamodb:UpdateItem', 'dynamodb:GetItem'] },
};
