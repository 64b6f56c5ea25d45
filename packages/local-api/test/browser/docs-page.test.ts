import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTES } from '@app/adapters-lambda';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, startTarget, type Target } from '../helpers/target.js';
import { type HeadlessChromium, launchChromium } from './chromium.js';

const SCREENSHOT = fileURLToPath(new URL('../../test-output/docs-page.png', import.meta.url));

describe('Swagger UI at /docs, in headless Chromium', () => {
  let target: Target;
  let chromium: HeadlessChromium;
  let page: Page;

  beforeAll(async () => {
    target = await startTarget('memory');
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    // A missing element fails its step, naming it, well before the test's own timeout.
    page.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await target?.close();
  });

  it('loads from the local server and lists every users and orders route', async () => {
    const response = await page.goto(`${target.server.url}/docs`);
    expect(response?.status()).toBe(200);

    await page.locator('.opblock').first().waitFor();
    for (const route of ROUTES) {
      const operation = page.locator(`#operations-${route.api}-${route.operationId}`);
      await expect.poll(() => operation.isVisible(), { message: `${route.method} ${route.path}` }).toBe(true);
      expect(await operation.locator('.opblock-summary-method').textContent()).toBe(route.method);
    }
    expect(await page.locator('.opblock-tag').allTextContents()).toEqual([
      expect.stringMatching(/^users/),
      expect.stringMatching(/^orders/),
    ]);
  });

  it('tries out GET /orders with a token from /local/token and shows 200 with the order', async () => {
    const { idToken } = (await target.api.post('/local/token', { body: { email: 'docs@example.com' } })).json;
    const placed = await target.api.post('/orders', { token: idToken, body: newOrder('docs-order-1') });
    expect(placed.status).toBe(200);

    await page.locator('.scheme-container button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('.auth-container').filter({ hasText: 'bearerAuth' }).locator('input').fill(idToken);
    await dialog.locator('.auth-btn-wrapper button.authorize').click();
    await expect.poll(() => dialog.locator('.auth-container').textContent()).toContain('Authorized');
    await dialog.locator('button.btn-done').click();

    const listOrders = page.locator('#operations-orders-listOrders');
    await listOrders.locator('.opblock-summary').first().click();
    await listOrders.getByRole('button', { name: 'Try it out' }).click();
    await listOrders.getByRole('button', { name: 'Execute' }).click();

    const status = listOrders.locator('.live-responses-table .response .response-col_status');
    await status.first().waitFor();
    expect((await status.first().textContent())?.trim()).toBe('200');
    expect(await listOrders.locator('.live-responses-table').textContent()).toContain('docs-order-1');
    expect(await listOrders.locator('.request-url').textContent()).toContain(`${target.server.url}/orders`);

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await listOrders.scrollIntoViewIfNeeded();
    await listOrders.screenshot({ path: SCREENSHOT });
  });
});
