import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bodyOf, createTestApp } from '../helpers/app.js';
import { ALICE, invoke, newOrder } from '../helpers/orders.js';
import { captureStdout, emfMetrics } from '../helpers/stdout.js';

beforeEach(() => {
  // Lambda sets it; Powertools reports a cold start only for on-demand environments.
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('metrics', () => {
  it('counts SuccessfulOrder and OrderTotal on a real creation only, IdempotentReplay on replays', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const app = createTestApp();
    const stdout = captureStdout();

    await invoke(app.handlers.addOrder, ALICE, 'POST', '/orders', { body: newOrder() });
    const afterCreation = emfMetrics(stdout.json());
    stdout.lines.length = 0;
    await invoke(app.handlers.addOrder, ALICE, 'POST', '/orders', { body: newOrder() });
    await invoke(app.handlers.addOrder, ALICE, 'POST', '/orders', { body: newOrder() });
    const afterReplays = emfMetrics(stdout.json());
    stdout.restore();

    expect(afterCreation).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ namespace: 'ServerlessWorkshop', ColdStart: 1 }),
        { namespace: 'ServerlessWorkshop', service: 'orders', SuccessfulOrder: 1, OrderTotal: 19.97 },
      ]),
    );
    expect(afterReplays).toEqual([
      { namespace: 'ServerlessWorkshop', service: 'orders', IdempotentReplay: 1 },
      { namespace: 'ServerlessWorkshop', service: 'orders', IdempotentReplay: 1 },
    ]);
  });

  it('counts OrderEdited and OrderCanceled, and nothing for refused requests', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const app = createTestApp();
    const stdout = captureStdout();
    const placed = bodyOf(
      await invoke(app.handlers.addOrder, ALICE, 'POST', '/orders', { body: newOrder() }),
    );
    const path = { pathParameters: { orderId: 'order-0001' } };
    stdout.lines.length = 0;

    await invoke(app.handlers.addOrder, ALICE, 'POST', '/orders', {
      body: { ...newOrder('o-2'), totalAmount: -1 },
    });
    await invoke(app.handlers.editOrder, ALICE, 'PUT', '/orders/{orderId}', {
      ...path,
      body: { ...placed, totalAmount: 20 },
    });
    await invoke(app.handlers.cancelOrder, ALICE, 'DELETE', '/orders/{orderId}', path);
    await invoke(app.handlers.cancelOrder, ALICE, 'DELETE', '/orders/{orderId}', path);
    const metrics = emfMetrics(stdout.json()).filter((metric) => !('ColdStart' in metric));
    stdout.restore();

    expect(metrics).toEqual([
      { namespace: 'ServerlessWorkshop', service: 'orders', OrderEdited: 1 },
      { namespace: 'ServerlessWorkshop', service: 'orders', OrderCanceled: 1 },
    ]);
  });

  it('emits the cold-start metric once per function instance', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const app = createTestApp();
    const stdout = captureStdout();

    await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders');
    await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders');
    const coldStarts = emfMetrics(stdout.json()).filter((metric) => 'ColdStart' in metric);
    stdout.restore();

    expect(coldStarts).toHaveLength(1);
  });
});

describe('logs', () => {
  it('carry the service, the Lambda context and the API Gateway request id as correlation id', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.stubEnv(
      '_X_AMZN_TRACE_ID',
      'Root=1-5e1b4151-5ac6c58f3b9c3e3a7a9a2b1c;Parent=53995c3f42cd8ad8;Sampled=1',
    );
    const app = createTestApp();
    const stdout = captureStdout();

    await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders', { requestId: 'apigw-request-1' });
    const logs = stdout.json().filter((line) => 'level' in line);
    stdout.restore();

    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        service: 'orders',
        correlation_id: 'apigw-request-1',
        function_name: 'orders',
        cold_start: true,
        xray_trace_id: '1-5e1b4151-5ac6c58f3b9c3e3a7a9a2b1c',
      }),
    );
  });

  it('never write the body or the Authorization header at INFO', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    const app = createTestApp();
    const stdout = captureStdout();

    await invoke(app.handlers.addOrder, ALICE, 'POST', '/orders', {
      body: { ...newOrder(), orderItems: [{ id: 1, name: 'SecretDish', price: 1, quantity: 1 }] },
      headers: { Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.secret-token.sig' },
    });
    await invoke(app.handlers.addOrder, ALICE, 'POST', '/orders', {
      body: 'not json SecretDish',
      headers: { 'Content-Type': 'application/json' },
    });
    const output = stdout.lines.join('\n');
    stdout.restore();

    expect(output).toContain('Request handled');
    expect(output).not.toMatch(/SecretDish|secret-token/);
  });

  it('log an unexpected error with its details while the response stays generic', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    const app = createTestApp();
    vi.spyOn(app.orders, 'listByUser').mockRejectedValue(new Error('disk quota exceeded on node-7'));
    const stdout = captureStdout();

    const response = await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders');
    const errors = stdout.json().filter((line) => line.level === 'ERROR');
    stdout.restore();

    expect(response.body).not.toContain('node-7');
    expect(JSON.stringify(errors)).toContain('disk quota exceeded on node-7');
  });
});
