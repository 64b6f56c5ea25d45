import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTES, type RouteDefinition } from '@app/adapters-lambda';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, startTarget, type Target } from '../helpers/target.js';
import { type HeadlessChromium, launchChromium } from './chromium.js';

const SCREENSHOT = fileURLToPath(new URL('../../test-output/swagger-post-orders.png', import.meta.url));

/** Reads and creations before the edits, deletions last, so each path id still exists when used. */
const METHOD_ORDER = { GET: 0, POST: 1, PUT: 2, DELETE: 3 } as const;
const ROUTE_ORDER = [...ROUTES].sort(
  (a, b) => a.api.localeCompare(b.api) * -1 || METHOD_ORDER[a.method] - METHOD_ORDER[b.method],
);

describe("every route in Swagger UI, executed with Swagger's own default example", () => {
  let target: Target;
  let chromium: HeadlessChromium;
  let page: Page;
  /** The path ids the test created: a user for the users routes, an order for the orders routes. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    target = await startTarget('memory');
    const admin = await target.api.token({ email: 'swagger-admin@example.com', groups: ['apiAdmins'] });
    const user = await target.api.post('/users', { token: admin.token, body: { name: 'Path user' } });
    expect(user.status).toBe(200);
    ids.userid = (user.json as { userid: string }).userid;
    const order = await target.api.post('/orders', {
      token: admin.token,
      body: newOrder('swagger-path-order'),
    });
    expect(order.status).toBe(200);
    ids.orderId = 'swagger-path-order';

    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.setDefaultTimeout(10_000);
    expect((await page.goto(`${target.server.url}/docs`))?.status()).toBe(200);
    await page.locator('.opblock').first().waitFor();
    await authorize(page, admin.token);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await target?.close();
  });

  it.each(ROUTE_ORDER.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'executes %s and answers 2xx',
    async (_, route) => {
      const operation = page.locator(`#operations-${route.api}-${route.operationId}`);
      const { status, body, request } = await execute(operation, route, ids);

      const exchange = `${request}\n=> ${status} ${body}`;
      expect(status, exchange).toBeGreaterThanOrEqual(200);
      expect(status, exchange).toBeLessThan(300);
      expect(status, exchange).toBe(route.successStatus);
      if (route.method === 'POST' && route.path === '/orders') {
        expect(JSON.parse(body)).toMatchObject({ status: 'PLACED', totalAmount: expect.any(Number) });
        mkdirSync(dirname(SCREENSHOT), { recursive: true });
        await operation.scrollIntoViewIfNeeded();
        // From the operation's header to the end of the live response: the example sent and the answer.
        const top = await operation.boundingBox();
        const live = await operation.locator('.live-responses-table').first().boundingBox();
        if (top === null || live === null) throw new Error('POST /orders is not on screen');
        // Boxes are relative to the viewport; a full-page clip is relative to the page.
        const scrollY = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
        await page.screenshot({
          path: SCREENSHOT,
          fullPage: true,
          clip: { x: top.x, y: top.y + scrollY, width: top.width, height: live.y + live.height - top.y },
        });
      }
    },
    30_000,
  );
});

async function authorize(page: Page, token: string): Promise<void> {
  await page.locator('.scheme-container button.authorize').click();
  const dialog = page.locator('.modal-ux');
  await dialog.locator('.auth-container').filter({ hasText: 'bearerAuth' }).locator('input').fill(token);
  await dialog.locator('.auth-btn-wrapper button.authorize').click();
  await dialog.locator('.auth-container').filter({ hasText: 'Authorized' }).waitFor();
  await dialog.locator('button.btn-done').click();
}

/** Opens the operation, Try it out, fills the path parameters, Execute: the status and body shown. */
async function execute(
  operation: Locator,
  route: RouteDefinition,
  ids: Record<string, string>,
): Promise<{ status: number; body: string; request: string }> {
  await operation.locator('.opblock-summary').first().click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
    const id = ids[name ?? ''];
    if (id === undefined) throw new Error(`no id for {${name}}`);
    await operation.locator(`tr[data-param-name="${name}"] input`).fill(id);
  }
  await operation.getByRole('button', { name: 'Execute' }).click();
  const status = operation.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor();
  const response = operation.locator('.live-responses-table .response-col_description');
  const body = (await response.locator('pre.microlight').first().textContent()) ?? '';
  // The request Swagger sent, to name it when the status is not the expected one.
  const request = (await operation.locator('.curl-command').first().textContent()) ?? '';
  return { status: Number((await status.textContent())?.trim()), body, request };
}
