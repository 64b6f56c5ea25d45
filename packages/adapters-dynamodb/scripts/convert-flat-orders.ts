import { parseArgs } from 'node:util';
import { convertFlatOrders, createDocumentClient } from '../src/index.js';

/**
 * `pnpm --filter @app/adapters-dynamodb run convert-flat-orders --table NAME [--region R]
 * [--endpoint URL]`: converts an orders table of the earlier flat layout in place
 * (`convertFlatOrders`), with the usual AWS credentials, and prints what it did as JSON.
 */
const { values } = parseArgs({
  options: { table: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' } },
});
if (values.table === undefined) {
  console.error('usage: convert-flat-orders --table NAME [--region REGION] [--endpoint URL]');
  process.exit(2);
}
const client = createDocumentClient({
  ...(values.region === undefined ? {} : { region: values.region }),
  ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
  maxAttempts: 10,
});
try {
  const result = await convertFlatOrders(client, values.table);
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.unreadable.length === 0 ? 0 : 1;
} finally {
  client.destroy();
}
