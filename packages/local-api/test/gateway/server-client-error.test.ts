import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, type RequestLogEntry, startLocalServer } from '../../src/gateway/server.js';

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
  const log: RequestLogEntry[] = [];

  beforeAll(async () => {
    server = await startLocalServer({ port: 0, host: '127.0.0.1', onRequest: (entry) => log.push(entry) });
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

  /** The request id the answer carries, and the log line written for it. */
  const logged = (answer: string) => {
    const requestId = /\r\nx-amzn-RequestId: ([^\r]+)\r\n/.exec(answer)?.[1];
    return log.find((entry) => entry.requestId === requestId);
  };

  it('answers an Expect other than 100-continue with its own 417, headers and a log line', async () => {
    const answer = await rawExchange(
      server.port,
      Buffer.from(`GET /local/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nExpect: 200-ok\r\n\r\n`),
    );

    expect(answer).toMatch(/^HTTP\/1\.1 417 /);
    expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n/);
    expect(answer).toMatch(/\r\nCache-Control: no-store\r\n/);
    expect(answer).toContain('"message":"Only \'Expect: 100-continue\' is supported');
    expect(logged(answer)).toMatchObject({ method: 'GET', path: '/local/health', status: 417 });
  });

  it('answers CONNECT with its own 405 instead of closing the socket', async () => {
    const answer = await rawExchange(
      server.port,
      Buffer.from(`CONNECT 127.0.0.1:${server.port} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`),
    );

    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n/);
    expect(answer).toContain('CONNECT is not supported');
    expect(logged(answer)).toMatchObject({ method: 'CONNECT', status: 405 });
  });

  it('answers an HTTP/1.1 request without Host with the gate’s 403, not Node’s bare 400', async () => {
    const answer = await rawExchange(server.port, Buffer.from('GET /local/health HTTP/1.1\r\n\r\n'));

    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n/);
    expect(answer).toContain('A request without a Host header is not answered');
    expect(logged(answer)).toMatchObject({ method: 'GET', path: '/local/health', status: 403 });
  });

  it('logs what the parser refused, with the request id of the answer', async () => {
    const answer = await rawExchange(
      server.port,
      Buffer.from('GET /orders HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
    );

    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(logged(answer)).toMatchObject({ status: 400 });
  });
});
