import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/gateway/server.js';
import { type HeadlessChromium, launchChromium } from '../browser/chromium.js';
import { type BatteryTarget, type Identity, newOrder, report, startBatteryTarget } from './support.js';

// The page's own globals, used inside `page.evaluate` only (this package compiles without the DOM library).
// biome-ignore lint/suspicious/noExplicitAny: the browser's document
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: the browser's navigator
declare const navigator: any;
// biome-ignore lint/suspicious/noExplicitAny: the browser's Image
declare const Image: any;
type PageBody = string | URLSearchParams | FormData | Blob | undefined;

/** The name a DNS-rebinding attacker points at 127.0.0.1 once their page is loaded. */
const REBIND_HOST = 'rebind.attacker.example';
const ATTACKER_PAGE = '<!DOCTYPE html><html><head><title>Totally harmless</title></head><body></body></html>';

/** What the attacker's page does; the answers it could read come back to the test. */
interface Attempt {
  how: string;
  method: string;
  path: string;
}

/**
 * A web page the developer happens to visit, on another local origin, tries every control route
 * in every way a page can without the server's consent: `fetch` in `no-cors` and `cors` mode
 * with each "simple" content type (and none), JSON (which needs a preflight), form posts,
 * `sendBeacon`, images. Then the same page after DNS rebinding, where its requests are
 * same-origin but carry the attacker's `Host`. The server must do none of it.
 */
describe('battery: a web page on another origin against the control routes (Chromium, memory storage)', () => {
  let target: BatteryTarget;
  let chromium: HeadlessChromium;
  let page: Page;
  let attackerSite: Server;
  let attackerOrigin: string;
  let user: Identity;
  const log: RequestLogEntry[] = [];

  beforeAll(async () => {
    target = await startBatteryTarget({
      storage: 'memory',
      server: { onRequest: (entry) => log.push(entry) },
    });
    user = await target.http.identity();
    expect(
      (await target.http.post('/orders', { token: user.token, body: newOrder('victim-order') })).status,
    ).toBe(200);
    attackerSite = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(ATTACKER_PAGE);
    });
    await new Promise<void>((resolve) => attackerSite.listen(0, '127.0.0.1', resolve));
    attackerOrigin = `http://127.0.0.1:${(attackerSite.address() as AddressInfo).port}`;
    chromium = await launchChromium({
      args: [
        `--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`,
        // Chromium's own Private Network Access checks would stop the rebound page before the
        // server sees it: switched off, as in browsers without them, so the server's gate is tested.
        '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights',
      ],
    });
    page = await chromium.context.newPage();
    page.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => attackerSite?.close(resolve));
    await target?.close();
  });

  /** What the server did for the control routes since `from`: the answers that were not refusals. */
  const acceptedSince = (from: number) =>
    log.slice(from).filter((entry) => /^\/local\b/.test(entry.path) && entry.status < 300);

  it('does nothing a page on another origin asks, however it asks', async () => {
    const clockBefore = (await target.http.get('/local/clock')).json.now;
    await page.goto(`${attackerOrigin}/`);
    const from = log.length;

    const attempts: Attempt[] = await page.evaluate(
      async ({ server, sub }) => {
        const routes = [
          {
            method: 'POST',
            path: '/local/token',
            body: '{"email":"attacker@example.com","groups":["apiAdmins"]}',
          },
          { method: 'POST', path: '/local/clock', body: '{"advanceSeconds":86400}' },
          { method: 'POST', path: `/local/orders/${sub}/victim-order/acknowledge`, body: '' },
          { method: 'GET', path: '/local/clock', body: '' },
          { method: 'GET', path: '/local/health', body: '' },
        ];
        const made: Attempt[] = [];
        const tries: Promise<unknown>[] = [];
        const attempt = (
          how: string,
          method: string,
          path: string,
          run: () => Promise<unknown> | unknown,
        ) => {
          made.push({ how, method, path });
          tries.push(
            Promise.resolve()
              .then(run)
              .catch(() => undefined),
          );
        };
        for (const { method, path, body } of routes) {
          const url = `${server}${path}`;
          for (const mode of ['no-cors', 'cors'] as const) {
            if (method === 'GET') {
              attempt(`fetch ${mode}`, method, path, () => fetch(url, { mode }));
              continue;
            }
            const bodies: Array<[string, () => PageBody]> = [
              ['text/plain', () => body],
              ['application/x-www-form-urlencoded', () => new URLSearchParams({ json: body })],
              [
                'multipart/form-data',
                () => {
                  const form = new FormData();
                  form.append('json', body);
                  return form;
                },
              ],
              ['no Content-Type', () => new Blob([body])],
              ['no body', () => undefined],
            ];
            for (const [label, make] of bodies) {
              const init = make();
              attempt(`fetch ${mode} ${label}`, method, path, () =>
                fetch(url, { method, mode, ...(init === undefined ? {} : { body: init }) }),
              );
            }
            attempt(`fetch ${mode} text/plain declared`, method, path, () =>
              fetch(url, { method, mode, headers: { 'Content-Type': 'text/plain' }, body }),
            );
          }
          if (method === 'GET') {
            attempt('img', method, path, () => {
              const image = new Image();
              image.src = url;
              return new Promise((resolve) => {
                image.onload = resolve;
                image.onerror = resolve;
              });
            });
            continue;
          }
          attempt('fetch cors application/json (preflighted)', method, path, () =>
            fetch(url, { method, mode: 'cors', headers: { 'Content-Type': 'application/json' }, body }),
          );
          attempt('sendBeacon', method, path, () => navigator.sendBeacon(url, body));
          for (const enctype of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
            attempt(`form ${enctype}`, method, path, () => {
              const frame = document.createElement('iframe');
              frame.name = `f${Math.random().toString(36).slice(2)}`;
              document.body.append(frame);
              const form = document.createElement('form');
              form.method = 'POST';
              form.action = url;
              form.enctype = enctype;
              form.target = frame.name;
              const field = document.createElement('input');
              field.name = body.slice(0, 2);
              field.value = body.slice(2);
              form.append(field);
              document.body.append(form);
              return new Promise((resolve) => {
                frame.onload = resolve;
                setTimeout(resolve, 3000);
                form.submit();
              });
            });
          }
        }
        await Promise.all(tries);
        return made;
      },
      { server: target.server.url, sub: user.sub },
    );
    // Beacons are sent after the page's own work: wait until each attempt has reached the server.
    await expect.poll(() => log.length - from, { timeout: 10_000 }).toBeGreaterThanOrEqual(attempts.length);

    const accepted = acceptedSince(from);
    const attackAnswers = statusCounts(log.slice(from));
    const order = await target.http.get('/orders/victim-order', { token: user.token });
    const clockAfter = (await target.http.get('/local/clock')).json.now;
    report(
      `  cross-origin: ${attempts.length} attempts from ${attackerOrigin}, server answers ${JSON.stringify(attackAnswers)}`,
    );

    const rebindFrom = log.length;
    const rebindAttempts = await rebindingAttempts(
      page,
      `http://${REBIND_HOST}:${target.server.port}`,
      user.sub,
    );
    await expect
      .poll(() => log.length - rebindFrom, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(rebindAttempts);
    const rebindAnswers = log.slice(rebindFrom);
    const rebindAccepted = rebindAnswers.filter((entry) => entry.status < 400);
    report(
      `  DNS rebinding: ${rebindAttempts} same-origin attempts as ${REBIND_HOST}, server answers ${JSON.stringify(statusCounts(rebindAnswers))}`,
    );

    report(
      `Cross-origin: ${attempts.length + rebindAttempts} attempts from another origin in Chromium (${rebindAttempts} after DNS rebinding), ${accepted.length + rebindAccepted.length} accepted`,
    );
    expect(accepted).toEqual([]);
    expect(rebindAccepted).toEqual([]);
    expect(order.json.status).toBe('PLACED');
    expect(clockAfter.slice(0, 13)).toBe(clockBefore.slice(0, 13));
  });

  it('answers no control route with CORS headers, so a preflight never succeeds', async () => {
    for (const [method, path] of [
      ['OPTIONS', '/local/token'],
      ['POST', '/local/token'],
      ['GET', '/local/clock'],
    ] as const) {
      const response = await target.http.request(method, path, {
        headers: {
          Origin: attackerOrigin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
          'Content-Type': 'application/json',
        },
        rawBody: '{"email":"attacker@example.com"}',
      });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

/**
 * The attacker's page served as `origin` (Playwright answers the document; after "rebinding",
 * everything else under that name reaches the local server): same-origin requests, JSON and all.
 */
async function rebindingAttempts(page: Page, origin: string, sub: string): Promise<number> {
  await page.route(`${origin}/`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: ATTACKER_PAGE }),
  );
  await page.goto(`${origin}/`);
  return page.evaluate(async (victim) => {
    const requests: Array<[string, RequestInit]> = [
      [
        '/local/token',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"email":"attacker@example.com","groups":["apiAdmins"]}',
        },
      ],
      [
        '/local/clock',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"advanceSeconds":86400}' },
      ],
      [
        `/local/orders/${victim}/victim-order/acknowledge`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' } },
      ],
      ['/local/clock', {}],
      ['/local/health', {}],
      ['/.well-known/jwks.json', {}],
      ['/openapi.json', {}],
      ['/docs', {}],
      ['/orders', {}],
      [`/users/${victim}`, {}],
    ];
    await Promise.all(requests.map(([path, init]) => fetch(path, init).catch(() => undefined)));
    return requests.length;
  }, sub);
}

function statusCounts(entries: readonly RequestLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of entries) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
