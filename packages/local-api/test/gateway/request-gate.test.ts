import { describe, expect, it } from 'vitest';
import { createRequestGate } from '../../src/gateway/request-gate.js';

const PORT = 3000;

const requestWith = (headers: Array<[string, string]>, method = 'GET', rawPath = '/orders') => ({
  method,
  rawPath,
  headers,
});

const statusOf = (gate: ReturnType<typeof createRequestGate>, ...args: Parameters<typeof requestWith>) =>
  gate(requestWith(...args), 'req-1')?.statusCode;

describe('the request gate', () => {
  const gate = createRequestGate({ port: PORT, listenHost: '127.0.0.1' });

  it.each(['127.0.0.1:3000', 'localhost:3000', 'LOCALHOST:3000', '[::1]:3000'])(
    'lets a request for Host %s through',
    (host) => {
      expect(gate(requestWith([['Host', host]]), 'req-1')).toBeUndefined();
    },
  );

  it.each([
    'rebind.attacker.example:3000',
    'rebind.attacker.example',
    'localhost',
    '127.0.0.1',
    'localhost:3001',
    'localhost.:3000',
    '127.0.0.1.nip.io:3000',
    'localhost:3000.attacker.example',
    '0.0.0.0:3000',
    '[::ffff:127.0.0.1]:3000',
    '',
  ])('refuses Host %s with 403 naming --allowed-host', (host) => {
    const refusal = gate(requestWith([['Host', host]]), 'req-1');
    expect(refusal?.statusCode).toBe(403);
    expect(refusal?.headers).toMatchObject({
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
    });
    expect(JSON.parse(refusal?.body ?? '{}').message).toContain('--allowed-host NAME');
  });

  it('refuses a request without a Host, or with two', () => {
    expect(statusOf(gate, [])).toBe(403);
    expect(
      statusOf(gate, [
        ['Host', '127.0.0.1:3000'],
        ['Host', 'rebind.attacker.example'],
      ]),
    ).toBe(403);
  });

  it('answers a name given with --allowed-host on any port, or with its port on that one only', () => {
    const allowing = createRequestGate({
      port: PORT,
      listenHost: '127.0.0.1',
      allowedHosts: ['Dev.Example', 'box.internal:8080'],
    });
    expect(statusOf(allowing, [['Host', 'dev.example']])).toBeUndefined();
    expect(statusOf(allowing, [['Host', 'DEV.example:443']])).toBeUndefined();
    expect(statusOf(allowing, [['Host', 'box.internal:8080']])).toBeUndefined();
    expect(statusOf(allowing, [['Host', 'box.internal:3000']])).toBe(403);
    expect(statusOf(allowing, [['Host', 'sub.dev.example']])).toBe(403);
  });

  it('answers the literal address it listens on, not a wildcard one', () => {
    expect(
      statusOf(createRequestGate({ port: PORT, listenHost: '192.0.2.7' }), [['Host', '192.0.2.7:3000']]),
    ).toBe(undefined);
    expect(statusOf(createRequestGate({ port: PORT, listenHost: '::1' }), [['Host', '[::1]:3000']])).toBe(
      undefined,
    );
    expect(
      statusOf(createRequestGate({ port: PORT, listenHost: '0.0.0.0' }), [['Host', '0.0.0.0:3000']]),
    ).toBe(403);
  });

  it('takes a Host without a port only when the server is on port 80', () => {
    expect(statusOf(createRequestGate({ port: 80, listenHost: '127.0.0.1' }), [['Host', 'localhost']])).toBe(
      undefined,
    );
  });

  describe('on the control routes', () => {
    const own = ['Host', '127.0.0.1:3000'] as [string, string];
    const json = ['Content-Type', 'application/json'] as [string, string];

    it('refuses an Origin other than the server’s own with 403 FORBIDDEN problem+json', () => {
      for (const origin of [
        'http://127.0.0.1:5173',
        'http://localhost:3000',
        'http://evil.example',
        'null',
        'http://127.0.0.1:3000.evil.example',
      ]) {
        const refusal = createRequestGate({ port: PORT, listenHost: '127.0.0.1' })(
          requestWith([own, json, ['Origin', origin]], 'POST', '/local/token'),
          'req-7',
        );
        expect(refusal?.statusCode, origin).toBe(403);
        expect(refusal?.headers['Content-Type']).toBe('application/problem+json');
        expect(JSON.parse(refusal?.body ?? '{}')).toMatchObject({ code: 'FORBIDDEN', requestId: 'req-7' });
      }
    });

    it.each(['cross-site', 'same-site', 'CROSS-SITE'])(
      'refuses Sec-Fetch-Site %s, which a no-cors GET from another page sends without an Origin',
      (site) => {
        expect(statusOf(gate, [own, ['Sec-Fetch-Site', site]], 'GET', '/local/clock')).toBe(403);
      },
    );

    it('lets Sec-Fetch-Site same-origin and none (the address typed by the user) through', () => {
      expect(
        statusOf(gate, [own, ['Sec-Fetch-Site', 'same-origin']], 'GET', '/local/health'),
      ).toBeUndefined();
      expect(statusOf(gate, [own, ['Sec-Fetch-Site', 'none']], 'GET', '/local/health')).toBeUndefined();
      expect(statusOf(gate, [own, ['Sec-Fetch-Site', 'cross-site']], 'GET', '/docs')).toBeUndefined();
    });

    it('lets its own origin, or no Origin, through', () => {
      expect(statusOf(gate, [own, json, ['Origin', 'http://127.0.0.1:3000']], 'POST', '/local/clock')).toBe(
        undefined,
      );
      expect(statusOf(gate, [own, json], 'POST', '/local/clock')).toBeUndefined();
      expect(
        statusOf(gate, [own, ['Origin', 'http://127.0.0.1:3000']], 'GET', '/local/clock'),
      ).toBeUndefined();
    });

    it.each([
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      'text/plain; application/json',
    ])('refuses a POST with Content-Type %s with 415, even without a body', (contentType) => {
      const headers: Array<[string, string]> =
        contentType === undefined ? [own] : [own, ['Content-Type', contentType]];
      const refusal = gate(requestWith(headers, 'POST', '/local/orders/u/o/acknowledge'), 'req-2');
      expect(refusal?.statusCode).toBe(415);
      expect(JSON.parse(refusal?.body ?? '{}')).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('accepts application/json with parameters, in any case, and leaves the API routes alone', () => {
      expect(
        statusOf(gate, [own, ['Content-Type', 'Application/JSON; charset=utf-8']], 'POST', '/local/token'),
      ).toBe(undefined);
      expect(
        statusOf(gate, [own, ['Origin', 'http://elsewhere.example']], 'POST', '/orders'),
      ).toBeUndefined();
      expect(
        statusOf(gate, [own, ['Origin', 'http://elsewhere.example']], 'OPTIONS', '/users'),
      ).toBeUndefined();
    });
  });
});
