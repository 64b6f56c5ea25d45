import { connect, type Socket } from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

export interface PipelineOptions {
  /** Keep-alive connections, each with up to `depth` requests sent and not yet answered. */
  connections: number;
  depth: number;
  expectStatus: number;
}

/**
 * Sends `count` HTTP/1.1 requests (`request(i)`: the whole request text, `Content-Length`
 * included), pipelined: up to `depth` in flight on each of `connections` sockets, answered in
 * order as HTTP/1.1 requires. A loader, not a latency probe: Node's own client spends about as
 * much CPU per request as the server answering it, and that CPU would be taken from the server.
 * Every response must carry `Content-Length` (the local API's do) and `expectStatus`.
 */
export async function sendPipelined(
  url: string,
  count: number,
  request: (index: number) => string,
  { connections, depth, expectStatus }: PipelineOptions,
): Promise<void> {
  const { hostname, port } = new URL(url);
  let next = 0;
  const connection = () =>
    new Promise<void>((resolve, reject) => {
      const socket: Socket = connect(Number(port), hostname);
      let buffered: Buffer = Buffer.alloc(0);
      let inFlight = 0;
      const fill = () => {
        let batch = '';
        while (inFlight < depth && next < count) {
          batch += request(next++);
          inFlight++;
        }
        if (batch !== '') socket.write(batch);
        else if (inFlight === 0) socket.end();
      };
      socket.on('connect', fill);
      socket.on('data', (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        for (;;) {
          const headerEnd = buffered.indexOf(HEADER_END);
          if (headerEnd < 0) break;
          const head = buffered.toString('latin1', 0, headerEnd);
          const length = CONTENT_LENGTH.exec(head);
          if (length === null) return socket.destroy(new Error(`a response without Content-Length: ${head}`));
          const end = headerEnd + HEADER_END.length + Number(length[1]);
          if (buffered.length < end) break;
          const status = Number(head.slice(9, 12));
          if (status !== expectStatus) {
            const body = buffered.toString('utf8', headerEnd + HEADER_END.length, end);
            return socket.destroy(new Error(`answered ${status}: ${body.slice(0, 200)}`));
          }
          buffered = buffered.subarray(end);
          inFlight--;
        }
        fill();
      });
      socket.on('error', reject);
      socket.on('close', () =>
        inFlight === 0 ? resolve() : reject(new Error('the connection closed early')),
      );
    });
  await Promise.all(Array.from({ length: connections }, connection));
}
