import type { TableKind } from '@app/adapters-dynamodb';
import { FUNCTION_TABLE_ACCESS } from '@app/adapters-lambda';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { ApiFunction } from './api-function.js';

/**
 * Grants a function exactly its actions of `FUNCTION_TABLE_ACCESS` (the Lambda adapter's table,
 * checked against what its code sends) on each table; a table it needs but was not given fails
 * the synth.
 */
export function grantTableAccess(fn: ApiFunction, tables: Partial<Record<TableKind, Table>>): void {
  for (const [kind, actions] of Object.entries(FUNCTION_TABLE_ACCESS[fn.name])) {
    const table = tables[kind as TableKind];
    if (table === undefined) throw new Error(`The ${fn.name} function needs the ${kind} table.`);
    table.grant(fn.role, ...actions);
  }
}
