/**
 * A server under measurement, in its own process, driven over IPC by the bench: `local` is the
 * local API (`startLocalServer`, in-memory storage, as `pnpm start` runs it), `bare` the
 * reference, a bare `node:http` server that answers GET with the same JSON and echoes a POST.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalServer } from '@app/local-api';

type Request =
  | { id: number; type: 'cpu' }
  | { id: number; type: 'memory' }
  | { id: number; type: 'tokens'; count: number }
  | { id: number; type: 'json'; json: string }
  | { id: number; type: 'stop' };

const send = (message: unknown) => process.send?.(message);
const mode = process.argv[2];
let stop: () => Promise<void>;
let issueTokens: (count: number) => string[] = () => [];
let answer: unknown = {};

if (mode === 'local') {
  const server = await startLocalServer({ port: 0, host: '127.0.0.1' });
  stop = () => server.close();
  issueTokens = (count) =>
    Array.from(
      { length: count },
      (_, index) => server.identity.issueToken(`bench-${index}@example.com`).idToken,
    );
  send({ type: 'ready', url: server.url });
} else {
  const server = createServer((req, res) => {
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
        res.end(body);
      });
      return;
    }
    const body = JSON.stringify(answer);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stop = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

process.on('message', async (request: Request) => {
  switch (request.type) {
    case 'cpu':
      send({ id: request.id, value: process.cpuUsage() });
      break;
    case 'memory':
      globalThis.gc?.();
      send({ id: request.id, value: process.memoryUsage().rss });
      break;
    case 'tokens':
      send({ id: request.id, value: issueTokens(request.count) });
      break;
    case 'json':
      answer = JSON.parse(request.json);
      send({ id: request.id, value: true });
      break;
    case 'stop':
      await stop();
      send({ id: request.id, value: true });
      process.disconnect();
      break;
  }
});
