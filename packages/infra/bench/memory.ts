import { BuiltServer } from './built-server.js';
import { orderRequest } from './fixtures.js';
import { type MetricLine, median, metricLine, progress } from './report.js';
import { type Call, call, drive } from './server-process.js';
import { TokenSigner } from './signed-tokens.js';

export const RSS_RATIO_TARGET = 1.1;
const USERS = 100;
const CHUNK = 1_000;
const TOTAL = 50_000;
const CONCURRENCY = 8;

export async function memoryMetrics(): Promise<MetricLine[]> {
  const server = await BuiltServer.start();
  try {
    const signer = await TokenSigner.of(server);
    const people = Array.from({ length: USERS }, (_, index) => {
      const email = `bench-${index}@example.com`;
      return { email, order: orderRequest() };
    });
    const subs: string[] = [];
    for (const { email, order } of people) {
      const headers = { Authorization: `Bearer ${signer.token(email)}`, 'Content-Type': 'application/json' };
      const placed = await call(server.url, {
        method: 'POST',
        path: '/orders',
        headers,
        body: JSON.stringify(order),
      });
      if (placed.status !== 200) throw new Error(`POST /orders answered ${placed.status}: ${placed.text}`);
      const sub = (placed.json as { userId: string }).userId;
      subs.push(sub);
      const profile = await call(server.url, {
        method: 'PUT',
        path: `/users/${sub}`,
        headers,
        body: JSON.stringify({ name: 'Bench User', email }),
      });
      if (profile.status !== 200) throw new Error(`PUT /users answered ${profile.status}: ${profile.text}`);
    }
    const readings: number[] = [];
    for (let done = 0; done < TOTAL; done += CHUNK) {
      const tokens = Array.from({ length: CHUNK }, (_, index) =>
        signer.token(people[(done + index) % USERS]!.email),
      );
      const request = (index: number): Call => {
        const user = (done + index) % USERS;
        const headers = { Authorization: `Bearer ${tokens[index]}` };
        return index % 2 === 0
          ? { method: 'GET', path: `/users/${subs[user]}`, headers }
          : { method: 'GET', path: `/orders/${people[user]!.order.orderId}`, headers };
      };
      await drive(server.url, CHUNK, CONCURRENCY, request);
      readings.push(server.rssBytes());
      progress(
        `memory: ${done + CHUNK}/${TOTAL} requests, RSS ${(readings.at(-1)! / 2 ** 20).toFixed(1)} MiB`,
      );
    }
    const last = median(readings.slice(-5));
    return [
      metricLine('local-server-rss-bytes:after 50,000 distinct tokens', last, readings[0]!, RSS_RATIO_TARGET),
    ];
  } finally {
    await server.stop();
  }
}
