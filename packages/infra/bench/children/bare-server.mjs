// The server-CPU reference: a bare node:http server, a plain `node` script in its own process
// (started as the built local API is: same Node, same flags, same environment). GET answers
// `process.argv[2]` (the JSON the local API answers for the order), serialised on each request as
// any JSON API serialises its answer; POST parses the body and answers it serialised again: the
// least a server taking and giving JSON must do, so the ratio charges our stack only for what it
// adds to that. Prints its URL on stdout when it listens.
import { createServer } from 'node:http';

const answer = JSON.parse(process.argv[2] ?? '{}');

const respond = (res, text) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    respond(res, JSON.stringify(answer));
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => respond(res, JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')))));
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`Bare server listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
