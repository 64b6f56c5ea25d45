import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/gateway/server.js';

/** Sends raw bytes and returns the whole answer (the server closes the connection). */
function rawExchange(port: number, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.end(request);
  });
}

describe('the local server and requests the HTTP parser refuses', () => {
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers a raw non-ASCII byte in the path with 400 JSON, Content-Type and Cache-Control', async () => {
    const request = Buffer.concat([
      Buffer.from('GET /orders/caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 'latin1'),
    ]);

    const answer = await rawExchange(server.port, request);

    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n/);
    expect(answer).toMatch(/\r\nCache-Control: no-store\r\n/);
    expect(answer.endsWith('{"message":"Bad Request"}')).toBe(true);
  });

  it('answers headers over the parser limit with 431 JSON', async () => {
    const request = Buffer.from(
      `GET /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${'x'.repeat(20 * 1024)}\r\n\r\n`,
      'latin1',
    );

    const answer = await rawExchange(server.port, request);

    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n/);
    expect(answer.endsWith('{"message":"Request Header Fields Too Large"}')).toBe(true);
  });
});
