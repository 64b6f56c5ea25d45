// The floor of the list figures: a bare node:http server answering the bytes the local API
// answered (a page of orders, a single order), serialised again on every request as a server
// would. Reads `{ "page": <JSON text>, "single": <JSON text> }` on stdin; prints its URL.
import { createServer } from 'node:http';
import { text } from 'node:stream/consumers';

const bodies = JSON.parse(await text(process.stdin));
const values = { '/page': JSON.parse(bodies.page), '/single': JSON.parse(bodies.single) };
const server = createServer((req, res) => {
  const value = values[req.url];
  const body = value === undefined ? '{}' : JSON.stringify(value);
  res.writeHead(value === undefined ? 404 : 200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`Bare pages server listening on http://127.0.0.1:${server.address().port}\n`),
);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
