import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, startTarget, type Target } from '../helpers/target.js';
import { type HeadlessChromium, launchChromium } from './chromium.js';

/** A web app on another origin: one empty page on its own loopback port. */
function startPageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another origin</title><p>app</p>');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

interface FetchResult {
  status: number;
  body: unknown;
  replayed: string | null;
}

describe('the APIs called from a page on another origin, in headless Chromium', () => {
  let pageServer: { server: Server; origin: string };
  let target: Target;
  let chromium: HeadlessChromium;
  let page: Page;

  beforeAll(async () => {
    pageServer = await startPageServer();
    // Only the page's origin may read the responses: the listed-origin path, end to end.
    target = await startTarget('memory', { corsOrigins: [pageServer.origin] });
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(pageServer.origin);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await target?.close();
    await new Promise((resolve) => pageServer?.server.close(resolve));
  });

  /** `fetch` from the page (a CORS refusal rejects it), as the web app would call it; the browser runs the preflight itself. */
  const fetchFromPage = (method: string, url: string, token: string, body?: unknown) =>
    page.evaluate(
      async ({ method, url, token, body }): Promise<FetchResult> => {
        const response = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return {
          status: response.status,
          body: await response.json(),
          replayed: response.headers.get('Idempotent-Replayed'),
        };
      },
      { method, url, token, body },
    );

  it('places an order, reads the replay header on a retry, and lists it, with a token', async () => {
    expect(new URL(pageServer.origin).port).not.toBe(new URL(target.server.url).port);
    const user = await target.api.token();
    const order = newOrder('browser-order-1');

    const placed = await fetchFromPage('POST', `${target.server.url}/orders`, user.token, order);
    // Chromium hands the page the response only if its origin is allowed: a refusal would throw.
    expect(placed).toMatchObject({ status: 200, replayed: null });
    expect(placed.body).toMatchObject({ orderId: 'browser-order-1', status: 'PLACED', userId: user.sub });

    const replay = await fetchFromPage('POST', `${target.server.url}/orders`, user.token, order);
    expect(replay).toMatchObject({ status: 200, replayed: 'true' });
    expect(replay.body).toEqual(placed.body);

    const listed = await fetchFromPage('GET', `${target.server.url}/orders`, user.token);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ orders: [placed.body] });
  });

  it("reads API Gateway's own 401 too", async () => {
    const refused = await fetchFromPage('GET', `${target.server.url}/orders`, 'not-a-token');
    expect(refused).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
  });
});
