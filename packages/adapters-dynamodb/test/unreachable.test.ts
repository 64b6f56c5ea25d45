import { createServer, type Server, type Socket } from 'node:net';
import { isDomainError } from '@app/core';
import { uniqueId } from '@app/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, DynamoDbOrderRepository, DynamoDbUserRepository } from '../src/index.js';
import { LOCAL_CREDENTIALS } from '../src/testing/index.js';

const codeOf = (error: unknown) => (isDomainError(error) ? error.code : error);

/** A TCP server that accepts connections and never answers, like a hung database. */
let hung: Server;
let hungPort: number;
const sockets = new Set<Socket>();
beforeAll(async () => {
  hung = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  hungPort = (hung.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hung.close(resolve));
});

describe('an unreachable database', () => {
  it('fails a call to a hung server within the configured bound, as SERVICE_UNAVAILABLE', async () => {
    const options = { maxAttempts: 2, requestTimeoutMs: 300, connectionTimeoutMs: 300 };
    const client = createDocumentClient({
      endpoint: `http://127.0.0.1:${hungPort}`,
      credentials: LOCAL_CREDENTIALS,
      ...options,
    });
    const started = Date.now();
    const error = await new DynamoDbOrderRepository(client, 'orders')
      .get(uniqueId('user'), uniqueId('order'))
      .catch((e: unknown) => e);
    const elapsedMs = Date.now() - started;
    client.destroy();
    expect(codeOf(error)).toBe('SERVICE_UNAVAILABLE');
    expect((error as Error).cause).toMatchObject({ name: 'TimeoutError' });
    // Each attempt waits at most its timeouts; the SDK adds at most a few seconds of backoff.
    const bound = options.maxAttempts * (options.requestTimeoutMs + options.connectionTimeoutMs) + 5_000;
    expect(elapsedMs).toBeLessThan(bound);
    expect(sockets.size).toBeGreaterThan(0);
  });

  it('reports SERVICE_UNAVAILABLE when nothing listens at the endpoint', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const client = createDocumentClient({
      endpoint: `http://127.0.0.1:${port}`,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 2,
    });
    const error = await new DynamoDbUserRepository(client, 'users').get('someone').catch((e: unknown) => e);
    client.destroy();
    expect(codeOf(error)).toBe('SERVICE_UNAVAILABLE');
  });
});
