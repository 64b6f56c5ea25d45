import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { type Item, refusedWriteUnits } from './request-units.js';

/** The header the warm invoker puts on every request a function sends during invocation `n`. */
export const INVOCATION_HEADER = 'x-cost-invocation';

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

/** One DynamoDB request a function sent, as the proxy saw it. */
export interface ObservedCall {
  /** The invoker's invocation number (from `INVOCATION_HEADER`), or undefined outside one. */
  invocation: string | undefined;
  operation: string;
  table: string;
  consistentRead: boolean;
  /** Read or write request units (DynamoDB's ConsumedCapacity, or the documented rule when refused). */
  readUnits: number;
  writeUnits: number;
  /** `server`: dynalite's ConsumedCapacity; `refused-write rule`: a failed condition, which returns none. */
  unitsFrom: 'server' | 'refused-write rule' | 'none';
  status: number;
  errorType?: string;
  /** Time from the request's arrival to the answer's end, ms (the loopback round trip's server side). */
  elapsedMs: number;
}

export interface CapacityProxy {
  endpoint: string;
  calls: ObservedCall[];
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a DynamoDB-compatible server that asks for every request's
 * consumed capacity (`ReturnConsumedCapacity: TOTAL`) and records it, then gives the function
 * the answer it would have had (the field removed again when it had not asked, the body's CRC32
 * header recomputed). It sees what the bundled functions really send, without changing them.
 * A refused conditional write returns no ConsumedCapacity (on DynamoDB either): its units are
 * DynamoDB's documented rule applied to the item the refusal returns (`ALL_OLD`).
 */
export async function startCapacityProxy(target: string): Promise<CapacityProxy> {
  const upstream = new URL(target);
  const calls: ObservedCall[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const arrived = performance.now();
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const asked = payload.ReturnConsumedCapacity !== undefined && payload.ReturnConsumedCapacity !== 'NONE';
      const measured = READS.has(operation) || WRITES.has(operation);
      if (measured && !asked) payload.ReturnConsumedCapacity = 'TOTAL';
      const body = Buffer.from(JSON.stringify(payload));
      const headers = { ...incoming.headers, 'content-length': String(body.length) };
      const forwarded = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers,
        },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            let answerBody = Buffer.concat(answerChunks);
            const answerHeaders = { ...answer.headers };
            if (measured) {
              const parsed = JSON.parse(answerBody.toString('utf8') || '{}') as Record<string, unknown>;
              const call = observe(operation, payload, parsed, answer.statusCode ?? 0);
              call.invocation = incoming.headers[INVOCATION_HEADER] as string | undefined;
              if (!asked && 'ConsumedCapacity' in parsed) {
                delete parsed.ConsumedCapacity;
                answerBody = Buffer.from(JSON.stringify(parsed));
                answerHeaders['content-length'] = String(answerBody.length);
                answerHeaders['x-amz-crc32'] = String(crc32(answerBody));
              }
              call.elapsedMs = performance.now() - arrived;
              calls.push(call);
            }
            outgoing.writeHead(answer.statusCode ?? 500, answerHeaders).end(answerBody);
          });
        },
      );
      forwarded.on('error', (error) => outgoing.destroy(error));
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function observe(
  operation: string,
  request: Record<string, unknown>,
  answer: Record<string, unknown>,
  status: number,
): ObservedCall {
  const consumed = answer.ConsumedCapacity as { CapacityUnits?: number } | undefined;
  const errorType = typeof answer.__type === 'string' ? answer.__type.split('#').pop() : undefined;
  const base = {
    invocation: undefined,
    operation,
    table: String(request.TableName ?? ''),
    consistentRead: request.ConsistentRead === true,
    status,
    elapsedMs: 0,
    ...(errorType === undefined ? {} : { errorType }),
  };
  if (consumed?.CapacityUnits !== undefined) {
    const units = consumed.CapacityUnits;
    return {
      ...base,
      readUnits: READS.has(operation) ? units : 0,
      writeUnits: WRITES.has(operation) ? units : 0,
      unitsFrom: 'server',
    };
  }
  if (errorType === 'ConditionalCheckFailedException') {
    return {
      ...base,
      readUnits: 0,
      writeUnits: refusedWriteUnits(answer.Item as Item | undefined),
      unitsFrom: 'refused-write rule',
    };
  }
  return { ...base, readUnits: 0, writeUnits: 0, unitsFrom: 'none' };
}
