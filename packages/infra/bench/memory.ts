import { DEFAULT_CLAIMS_CACHE_SIZE, DEFAULT_POLICY_CACHE_SIZE } from '@app/local-api';
import { BuiltServer } from './built-server.js';
import { orderRequest } from './fixtures.js';
import { type MetricLine, median, metricLine, progress, verdictOf } from './report.js';
import { type Call, call, drive } from './server-process.js';
import { TokenSigner } from './signed-tokens.js';

export const RSS_RATIO_TARGET = 1.1;
/** People with a profile and an order: what every request reads, so nothing new is stored. */
const PEOPLE = 100;
/**
 * Requests with one token per person first: V8 grows its young generation to its working size
 * in the first thousands of requests, whatever they carry (about 10 MB here), which is not what
 * the figure is about.
 */
const WARM_UP = 5_000;
/**
 * Then requests with distinct tokens until both token caches are at their bound (each authorizer
 * sees half the requests, so twice its entry bound each): the figure asks whether anything grows
 * past the bounds, not how much the bounded caches hold (≤ 2 × 4 MiB, decisions.md).
 */
const FILL = 2 * 2 * Math.max(DEFAULT_CLAIMS_CACHE_SIZE, DEFAULT_POLICY_CACHE_SIZE);
const TOTAL = 50_000;
/** RSS is read every `READING_EVERY` requests; the first and the last `READINGS` are compared. */
const READING_EVERY = 200;
const READINGS = 5;
const CHUNK = 1_000;
const CONCURRENCY = 8;

/**
 * RSS of the built local API (`npm start`, own process) over 50,000 requests each with a new
 * token, after a warm-up and with both token caches already at their bound: the median of the readings during the first 1,000 requests against
 * the median of those during the last 1,000. Every token is signed here with the server's own
 * key file (`TokenSigner`) and verified by the server for real: half are read by the TOKEN
 * authorizer (`GET /users/{sub}`: its policy cache), half by the Cognito authorizer
 * (`GET /orders/{orderId}`: its verified-token cache); `FILL` requests before the measured ones
 * bring both caches to their bounds (1,000 entries each), where they stay. Nothing new is stored: growth
 * would be a leak or an unbounded cache. RSS, not the heap: what the machine gives the process.
 * No GC can be forced from outside (and `--expose-gc` would change the process users run), so
 * each side is a median of several readings, which the collector's rhythm moves by a few MB.
 */
export async function memoryMetrics(): Promise<MetricLine[]> {
  const server = await BuiltServer.start();
  try {
    const signer = await TokenSigner.of(server);
    const people = Array.from({ length: PEOPLE }, (_, index) => ({
      email: `bench-${index}@example.com`,
      order: orderRequest(),
      sub: '',
    }));
    for (const person of people) {
      const headers = {
        Authorization: `Bearer ${signer.token(person.email)}`,
        'Content-Type': 'application/json',
      };
      const placed = await call(server.url, {
        method: 'POST',
        path: '/orders',
        headers,
        body: JSON.stringify(person.order),
      });
      if (placed.status !== 200) throw new Error(`POST /orders answered ${placed.status}: ${placed.text}`);
      person.sub = (placed.json as { userId: string }).userId;
      const profile = await call(server.url, {
        method: 'PUT',
        path: `/users/${person.sub}`,
        headers,
        body: JSON.stringify({ name: 'Bench User', email: person.email }),
      });
      if (profile.status !== 200) throw new Error(`PUT /users answered ${profile.status}: ${profile.text}`);
    }
    const read = (index: number, token: string): Call => {
      const person = people[index % PEOPLE]!;
      const headers = { Authorization: `Bearer ${token}` };
      return index % 2 === 0
        ? { method: 'GET', path: `/users/${person.sub}`, headers }
        : { method: 'GET', path: `/orders/${person.order.orderId}`, headers };
    };
    const fixed = people.map((person) => signer.token(person.email));
    await drive(server.url, WARM_UP, CONCURRENCY, (index) => read(index, fixed[index % PEOPLE]!));
    const filling = Array.from({ length: FILL }, (_, index) => signer.token(people[index % PEOPLE]!.email));
    await drive(server.url, FILL, CONCURRENCY, (index) => read(index, filling[index]!));

    const readings: number[] = [];
    for (let done = 0; done < TOTAL; done += CHUNK) {
      const tokens = Array.from({ length: CHUNK }, (_, index) => signer.token(people[index % PEOPLE]!.email));
      for (let part = 0; part < CHUNK; part += READING_EVERY) {
        await drive(server.url, READING_EVERY, CONCURRENCY, (index) =>
          read(done + part + index, tokens[part + index]!),
        );
        readings.push(server.rssBytes());
      }
      if ((done + CHUNK) % 10_000 === 0)
        progress(
          `memory: ${done + CHUNK}/${TOTAL} requests, RSS ${(readings.at(-1)! / 2 ** 20).toFixed(1)} MiB`,
        );
    }
    const first = median(readings.slice(0, READINGS));
    const last = median(readings.slice(-READINGS));
    progress(
      `memory: RSS ${(first / 2 ** 20).toFixed(1)} MiB over the first 1,000 requests, ${(last / 2 ** 20).toFixed(1)} MiB over the last; min ${(Math.min(...readings) / 2 ** 20).toFixed(1)}, max ${(Math.max(...readings) / 2 ** 20).toFixed(1)}`,
    );
    const line = metricLine(
      'local-server-rss-bytes:50,000 requests with distinct tokens, caches at their bound (last 1,000 vs first 1,000)',
      last,
      first,
      RSS_RATIO_TARGET,
    );
    // The readings move with the collector's rhythm: the band spans every pairing of a reading
    // of the last 1,000 requests with one of the first, and the figure counts only outside it.
    const [firstReadings, lastReadings] = [readings.slice(0, READINGS), readings.slice(-READINGS)];
    const band: [number, number] = [
      Number((Math.min(...lastReadings) / Math.max(...firstReadings)).toPrecision(5)),
      Number((Math.max(...lastReadings) / Math.min(...firstReadings)).toPrecision(5)),
    ];
    const verdict = verdictOf(band, RSS_RATIO_TARGET);
    return [
      {
        ...line,
        band,
        verdict,
        ok: verdict === 'met',
        rounds: READINGS,
        unit: `bytes (RSS, median of ${READINGS} readings)`,
        note: 'built server (npm start)',
      },
    ];
  } finally {
    await server.stop();
  }
}
