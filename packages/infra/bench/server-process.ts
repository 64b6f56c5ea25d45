/** The bench's HTTP client: keep-alive load (`drive`) and single set-up requests (`call`). */
import { Agent, request } from 'node:http';

export interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Sends `count` requests over `concurrency` keep-alive connections, `call(i)` being the i-th;
 * fails on any status other than `expectStatus`. Returns each request's latency in ms.
 */
export async function drive(
  url: string,
  count: number,
  concurrency: number,
  call: (index: number) => Call,
  expectStatus = 200,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const { method, path, headers = {}, body } = call(index);
      const started = performance.now();
      const { status, text } = await send(agent, new URL(path, url), method, headers, body);
      latencies.push(performance.now() - started);
      if (status !== expectStatus)
        throw new Error(`${method} ${path} answered ${status}: ${text.slice(0, 200)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return latencies;
}

function send(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One request, for setting up: its status and parsed JSON body. */
export async function call(
  url: string,
  spec: Call,
): Promise<{ status: number; json: unknown; text: string }> {
  const agent = new Agent({ keepAlive: false });
  try {
    const { status, text } = await send(
      agent,
      new URL(spec.path, url),
      spec.method,
      spec.headers ?? {},
      spec.body,
    );
    return { status, text, json: text ? JSON.parse(text) : undefined };
  } finally {
    agent.destroy();
  }
}
