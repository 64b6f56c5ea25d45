import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/gateway/server.js';
import {
  type BatteryTarget,
  diffSnapshots,
  type HttpResponse,
  type Identity,
  leakIn,
  newOrder,
  pool,
  report,
  routePaths,
  startBatteryTarget,
} from './support.js';

/** Names every plain object inherits: a map built by assignment finds them, or changes its prototype. */
const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'valueOf',
  'toString',
  'toLocaleString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
] as const;

/** The control routes and local files, beside the ten API routes. */
const LOCAL_ROUTES = [
  { method: 'GET', path: '/local/health' },
  { method: 'POST', path: '/local/token' },
  { method: 'GET', path: '/local/clock' },
  { method: 'POST', path: '/local/clock' },
  { method: 'POST', path: '/local/orders/u/o/acknowledge' },
  { method: 'GET', path: '/.well-known/jwks.json' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/docs' },
  { method: 'GET', path: '/docs/swagger-ui.css' },
] as const;

const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;
const IN_FLIGHT = 16;

/** A header map whose one key is `name` as an own property, whatever the name. */
const headerNamed = (name: string, value: string): Record<string, string> =>
  Object.fromEntries([[name, value]]);

/**
 * What a hostile client sends below the JSON: query, header and path names that are built-in
 * object properties, foreign `Host` values (DNS rebinding), malformed HTTP on a raw socket, and
 * a clock pushed to its bound. None may get a 5xx or Node's bare reply, and every answer is in
 * the request log.
 */
describe('battery: hostile HTTP below the JSON (dynamodb storage)', () => {
  let target: BatteryTarget;
  let user: Identity;
  let admin: Identity;
  const log: RequestLogEntry[] = [];
  const loggedIds = () => new Set(log.map((entry) => entry.requestId));

  beforeAll(async () => {
    target = await startBatteryTarget({ server: { onRequest: (entry) => log.push(entry) } });
    user = await target.http.identity();
    admin = await target.http.identity({ groups: ['apiAdmins'] });
    expect(
      (await target.http.put(`/users/${user.sub}`, { token: user.token, body: { name: 'U' } })).status,
    ).toBe(200);
    expect(
      (await target.http.post('/orders', { token: user.token, body: newOrder('hostile-1') })).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await target?.close();
  });

  it('answers query, header and path names like __proto__ on every route with 4xx (query: 400 naming it), never 5xx', async () => {
    // Ids nobody has, and no bodies: every route refuses or finds nothing, so nothing changes.
    const routes = routePaths('hostile-missing-user', 'hostile-missing');
    type Case = {
      route: (typeof routes)[number];
      kind: 'query' | 'header' | 'path';
      name: string;
      path: string;
    };
    const cases: Case[] = [];
    for (const route of routes) {
      for (const name of PROTOTYPE_NAMES) {
        cases.push({ route, kind: 'query', name, path: `${route.path}?${name}=1` });
        cases.push({ route, kind: 'query', name, path: `${route.path}?${name}&${name}=2&${name}=` });
        cases.push({ route, kind: 'header', name, path: route.path });
        if (route.path.split('/').length === 3) {
          cases.push({ route, kind: 'path', name, path: route.path.replace(/[^/]+$/, name) });
        }
      }
    }
    const before = await target.snapshot();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const requestIds: string[] = [];
    await pool(cases, IN_FLIGHT, async ({ route, kind, name, path }) => {
      const response = await target.http.request(route.method, path, {
        token: route.api === 'users' ? admin.token : user.token,
        ...(kind === 'header' ? { headers: headerNamed(name, 'x') } : {}),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      requestIds.push(String(response.headers['x-amzn-requestid']));
      const problem =
        response.status >= 500
          ? `${response.status} ${response.text.slice(0, 120)}`
          : kind === 'query' &&
              !(
                response.status === 400 &&
                response.json?.code === 'VALIDATION_FAILED' &&
                response.json.errors?.some((issue: { path: string }) => issue.path === name)
              )
            ? `not 400 VALIDATION_FAILED naming '${name}': ${response.status} ${response.text.slice(0, 160)}`
            : (leakIn(response.text, path) ?? undefined);
      if (problem !== undefined && failures.length < 20)
        failures.push(`${route.method} ${path} [${kind}] → ${problem}`);
    });
    const { added, removed, changed } = diffSnapshots(before, await target.snapshot());
    const logged = loggedIds();
    const unlogged = requestIds.filter((id) => !logged.has(id)).length;
    const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);

    report(`  prototype names: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    report(
      `Prototype names: ${PROTOTYPE_NAMES.length} query/header/path names × ${routes.length} routes (${cases.length} requests), ${serverErrors} 5xx, ${unlogged} missing from the request log`,
    );
    expect(failures).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(unlogged).toBe(0);
    expect({ added, removed, changed }).toEqual({ added: [], removed: [], changed: [] });
  });

  it('answers no foreign Host (DNS rebinding) on any route: 403 naming --allowed-host, nothing done', async () => {
    const { port } = target.server;
    const foreignHosts = [
      'rebind.attacker.example',
      `rebind.attacker.example:${port}`,
      `localhost.attacker.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost:${port + 1}`,
      `localhost:0${port}`,
      `127.0.0.2:${port}`,
      `127.1:${port}`,
      `2130706433:${port}`,
      `0x7f000001:${port}`,
      `0.0.0.0:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `localhost.:${port}`,
      'localhost',
      '127.0.0.1',
      `evil.example@localhost:${port}`,
      `localhost:${port}.evil.example`,
      `xn--localhost-ze1d:${port}`,
    ];
    const routes = [...routePaths(user.sub, 'hostile-1'), ...LOCAL_ROUTES];
    const cases = foreignHosts.flatMap((host) => routes.map((route) => ({ host, route })));
    const before = await target.snapshot();
    const clockBefore = (await target.http.get('/local/clock')).json.now;
    const invocationsBefore = target.server.tokenAuthorizer.invocations;
    const answered: string[] = [];
    await pool(cases, IN_FLIGHT, async ({ host, route }) => {
      const response = await target.http.request(route.method, route.path, {
        token: route.path.startsWith('/users') ? admin.token : user.token,
        headers: { Host: host, 'Content-Type': 'application/json' },
        rawBody:
          route.path === '/local/clock' ? '{"advanceSeconds":86400}' : '{"email":"rebind@example.com"}',
      });
      const refused =
        response.status === 403 &&
        response.headers['content-type'] === 'application/json' &&
        String(response.json?.message).includes('--allowed-host NAME');
      if (!refused && answered.length < 20) {
        answered.push(
          `Host '${host}' ${route.method} ${route.path} → ${response.status} ${response.text.slice(0, 100)}`,
        );
      }
    });
    const { added, removed, changed } = diffSnapshots(before, await target.snapshot());

    report(
      `Host: ${foreignHosts.length} foreign Host values × ${routes.length} routes (${cases.length} requests), ${answered.length} answered`,
    );
    expect(answered).toEqual([]);
    expect((await target.http.get('/local/clock')).json.now.slice(0, 13)).toBe(clockBefore.slice(0, 13));
    expect(target.server.tokenAuthorizer.invocations).toBe(invocationsBefore);
    expect({ added, removed, changed }).toEqual({ added: [], removed: [], changed: [] });
  });

  it('answers malformed HTTP on a raw socket with its own 4xx (JSON, the usual headers, a log line), never bare', async () => {
    const host = `Host: 127.0.0.1:${target.server.port}`;
    const malformed: Array<[string, Buffer]> = [
      ['Expect other than 100-continue', raw(`GET /orders HTTP/1.1\r\n${host}\r\nExpect: 200-ok\r\n\r\n`)],
      [
        'Expect on a POST with a body',
        raw(`POST /orders HTTP/1.1\r\n${host}\r\nExpect: x\r\nContent-Length: 2\r\n\r\n{}`),
      ],
      ['CONNECT', raw(`CONNECT 127.0.0.1:${target.server.port} HTTP/1.1\r\n${host}\r\n\r\n`)],
      ['CONNECT to elsewhere', raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')],
      ['HTTP/1.1 without Host', raw('GET /local/health HTTP/1.1\r\n\r\n')],
      ['HTTP/1.0 without Host', raw('GET /local/health HTTP/1.0\r\n\r\n')],
      [
        'two Host headers',
        raw(`GET /local/health HTTP/1.1\r\n${host}\r\nHost: rebind.attacker.example\r\n\r\n`),
      ],
      ['HTTP/2 preface', raw('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')],
      ['HTTP/2.0 request line', raw(`GET /orders HTTP/2.0\r\n${host}\r\n\r\n`)],
      ['HTTP/0.9 request line', raw('GET /orders\r\n\r\n')],
      ['unknown method', raw(`FOO /orders HTTP/1.1\r\n${host}\r\n\r\n`)],
      ['OPTIONS *', raw(`OPTIONS * HTTP/1.1\r\n${host}\r\n\r\n`)],
      ['absolute-form target', raw(`GET http://evil.example/local/token HTTP/1.1\r\n${host}\r\n\r\n`)],
      [
        'raw non-ASCII byte in the path',
        Buffer.concat([raw('GET /orders/caf'), Buffer.from([0xe9]), raw(` HTTP/1.1\r\n${host}\r\n\r\n`)]),
      ],
      ['NUL in a header value', raw(`GET /orders HTTP/1.1\r\n${host}\r\nX-A: a\u0000b\r\n\r\n`)],
      ['space in a header name', raw(`GET /orders HTTP/1.1\r\n${host}\r\nBad Header: x\r\n\r\n`)],
      ['obs-fold header', raw(`GET /orders HTTP/1.1\r\n${host}\r\nX-A: a\r\n  folded\r\n\r\n`)],
      ['bare LF line ends', raw(`GET /orders HTTP/1.1\n${host}\n\n`)],
      [
        'headers over 16 KiB',
        raw(`GET /orders HTTP/1.1\r\n${host}\r\nX-Big: ${'x'.repeat(20 * 1024)}\r\n\r\n`),
      ],
      [
        'Content-Length and Transfer-Encoding',
        raw(
          `POST /orders HTTP/1.1\r\n${host}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        ),
      ],
      [
        'two Content-Length values',
        raw(`POST /orders HTTP/1.1\r\n${host}\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`),
      ],
      ['Content-Length -1', raw(`POST /orders HTTP/1.1\r\n${host}\r\nContent-Length: -1\r\n\r\n`)],
      ['Content-Length abc', raw(`POST /orders HTTP/1.1\r\n${host}\r\nContent-Length: abc\r\n\r\n`)],
      [
        'bad chunk size',
        raw(`POST /orders HTTP/1.1\r\n${host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`),
      ],
      [
        'Transfer-Encoding not ending in chunked',
        raw(`POST /orders HTTP/1.1\r\n${host}\r\nTransfer-Encoding: chunked, gzip\r\n\r\n`),
      ],
      [
        'Upgrade to websocket',
        raw(`GET /orders HTTP/1.1\r\n${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`),
      ],
      ['request line only a method', raw('GET\r\n\r\n')],
      ['garbage', raw('\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n')],
    ];
    const bare: string[] = [];
    const statuses = new Map<number, number>();
    for (const [name, bytes] of malformed) {
      const answer = await rawExchange(target.server.port, bytes);
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? 0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const head = answer.split('\r\n\r\n', 1)[0] ?? '';
      const body = answer.slice(head.length + 4);
      const requestId = /\r\nx-amzn-RequestId: ([^\r]+)/i.exec(head)?.[1];
      const problems = [
        status >= 400 && status < 500 ? undefined : `status ${status || 'none'}`,
        /\r\nContent-Type: application\/(problem\+)?json/i.test(head) ? undefined : 'no JSON Content-Type',
        /\r\nCache-Control: no-store/i.test(head) ? undefined : 'no Cache-Control',
        requestId === undefined ? 'no x-amzn-RequestId' : undefined,
        requestId !== undefined && !loggedIds().has(requestId) ? 'no request-log line' : undefined,
        isJson(body) ? undefined : 'body not JSON',
      ].filter((problem) => problem !== undefined);
      if (problems.length > 0)
        bare.push(`${name}: ${problems.join(', ')} — ${JSON.stringify(answer.slice(0, 160))}`);
    }

    report(`  raw HTTP: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    report(`Raw HTTP: ${malformed.length} malformed requests, ${bare.length} bare replies`);
    expect(bare).toEqual([]);
  });

  it('keeps working once the clock is pushed to its bound: 400 beyond it, 0 5xx after', async () => {
    let moves = 0;
    let answer: HttpResponse = await target.http.post('/local/clock', {
      body: { advanceSeconds: TEN_YEARS_SECONDS },
    });
    // Bounded by the years left to 9999 (about 800 moves from now).
    while (answer.status === 200 && moves < 1_000) {
      moves += 1;
      answer = await target.http.post('/local/clock', { body: { advanceSeconds: TEN_YEARS_SECONDS } });
    }
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'advanceSeconds' }] });
    const now = (await target.http.get('/local/clock')).json.now;
    expect(now).toMatch(/^9999-|^99[89]\d-/);

    const after: HttpResponse[] = [
      await target.http.post('/local/clock', { body: { advanceSeconds: TEN_YEARS_SECONDS } }),
      await target.http.get('/local/clock'),
      await target.http.post('/orders', { token: user.token, body: newOrder('after-the-bound') }),
      await target.http.get('/orders/after-the-bound', { token: user.token }),
      await target.http.put('/orders/after-the-bound', {
        token: user.token,
        body: { restaurantId: 2, orderItems: [{ id: 1, name: 'X', price: 1, quantity: 1 }], totalAmount: 1 },
      }),
      await target.http.get('/orders', { token: user.token }),
      await target.http.delete('/orders/after-the-bound', { token: user.token }),
      await target.http.delete('/orders/hostile-1', { token: user.token }),
      await target.http.post(`/local/orders/${user.sub}/hostile-1/acknowledge`, {
        headers: { 'Content-Type': 'application/json' },
      }),
      await target.http.put(`/users/${user.sub}`, { token: user.token, body: { name: 'Later' } }),
      await target.http.get(`/users/${user.sub}`, { token: user.token }),
      await target.http.get('/local/health'),
    ];
    const serverErrors = after.filter((response) => response.status >= 500);
    const placed = after[2]?.json;

    report(
      `Clock: pushed to the bound (${moves} ten-year moves, then 400 VALIDATION_FAILED at ${now.slice(0, 10)}), ${serverErrors.length} 5xx after (${after.length} requests)`,
    );
    expect(serverErrors.map((response) => `${response.status} ${response.text}`)).toEqual([]);
    expect(placed?.orderTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(after[6]?.json.status).toBe('CANCELED');
  });
});

const raw = (text: string): Buffer => Buffer.from(text, 'latin1');

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Sends raw bytes, then reads until the server closes the connection or a second passes. */
function rawExchange(port: number, request: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    const timer = setTimeout(() => socket.destroy(), 1_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.write(request);
  });
}
