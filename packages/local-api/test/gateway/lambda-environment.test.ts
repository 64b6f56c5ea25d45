import { METRICS_NAMESPACE, SERVICE_NAMES } from '@app/adapters-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { functionEnvironment, inFunctionEnvironment } from '../../src/gateway/lambda-environment.js';
import { startLocalServer } from '../../src/gateway/server.js';
import { newOrder } from '../helpers/target.js';

describe('each emulated function’s Lambda environment', () => {
  it('holds what the Lambda runtime sets, on-demand initialisation included', () => {
    expect(functionEnvironment('addOrder', Date.parse('2026-12-06T10:00:00Z'))).toEqual({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: 'local-addOrder',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/local-addOrder',
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/12/06/[$LATEST]local',
    });
  });

  it('is seen only inside that function’s invocations, even when they interleave', async () => {
    const seen: string[] = [];
    const invocation = (name: 'getOrder' | 'cancelOrder') =>
      inFunctionEnvironment(name, async () => {
        for (let step = 0; step < 3; step += 1) {
          seen.push(`${name}:${process.env.AWS_LAMBDA_FUNCTION_NAME}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      });
    await Promise.all([invocation('getOrder'), invocation('cancelOrder')]);

    expect(seen).toHaveLength(6);
    for (const entry of seen) {
      const [name, value] = entry.split(':');
      expect(value).toBe(`local-${name}`);
    }
    expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBeUndefined();
    expect('AWS_LAMBDA_INITIALIZATION_TYPE' in process.env).toBe(false);
  });
});

describe('Powertools cold start in the local server', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('logs cold_start true on the first invocation of each function and false after, with one ColdStart metric each', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const lines: Array<Record<string, unknown>> = [];
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const parsed = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      if (parsed !== undefined) lines.push(parsed);
      return parsed === undefined ? write(chunk, ...(rest as [])) : true;
    });
    const server = await startLocalServer({
      port: 0,
      createLogger: (api) => new Logger({ serviceName: SERVICE_NAMES[api], logLevel: 'INFO' }),
    });
    try {
      const { idToken, sub } = server.identity.issueToken('cold@example.com');
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { Authorization: idToken, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }).then((response) => response.status);

      // Two invocations of each function (the TOKEN authorizer's policy is cached after the first).
      expect(await call('POST', '/orders', newOrder('cold-1'))).toBe(200);
      expect(await call('POST', '/orders', newOrder('cold-2'))).toBe(200);
      expect(await call('GET', '/orders')).toBe(200);
      expect(await call('GET', '/orders')).toBe(200);
      expect(await call('PUT', `/users/${sub}`, { name: 'Cold Start' })).toBe(200);
      expect(await call('GET', `/users/${sub}`)).toBe(200);
    } finally {
      await server.close();
    }

    const handled = (functionName: string) =>
      lines
        .filter((line) => line.message === 'Request handled' && line.function_name === functionName)
        .map((line) => line.cold_start);
    expect(handled('local-addOrder')).toEqual([true, false]);
    expect(handled('local-listOrders')).toEqual([true, false]);
    expect(handled('local-users')).toEqual([true, false]);
    const authorized = lines.filter((line) => line.message === 'Authorized').map((line) => line.cold_start);
    expect(authorized).toEqual([true]);

    const namespaceOf = (line: Record<string, unknown>) =>
      (line._aws as { CloudWatchMetrics: Array<{ Namespace: string }> }).CloudWatchMetrics[0]?.Namespace;
    const coldStarts = lines
      .filter((line) => 'ColdStart' in line)
      .map((line) => ({ function: line.function_name, namespace: namespaceOf(line) }));
    expect(coldStarts).toEqual(
      expect.arrayContaining([
        { function: 'local-addOrder', namespace: METRICS_NAMESPACE },
        { function: 'local-listOrders', namespace: METRICS_NAMESPACE },
        { function: 'local-users', namespace: METRICS_NAMESPACE },
        { function: 'local-authorizer', namespace: METRICS_NAMESPACE },
      ]),
    );
    expect(coldStarts).toHaveLength(4);
  });
});
