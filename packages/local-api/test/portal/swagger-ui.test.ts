import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { swaggerUiFolder } from '../../src/portal/swagger-ui.js';
import { useMemoryServer } from '../helpers/local-server.js';

describe('Swagger UI (/docs)', () => {
  const local = useMemoryServer();

  it.each(['/docs', '/docs/'])(
    'GET %s is a page over /openapi.json that loads only local files',
    async (path) => {
      const response = await local.api.get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const sources = [...response.text.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, source]) => source);
      expect(sources).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js']));
      for (const source of sources) expect(source).toMatch(/^\/docs\//);

      const initializer = await local.api.get('/docs/initializer.js');
      expect(initializer.status).toBe(200);
      expect(initializer.text).toContain("url: '/openapi.json'");
      expect(initializer.text).toContain('persistAuthorization: true');
    },
  );

  it.each([
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ['swagger-ui.css', 'text/css; charset=utf-8'],
    ['favicon-32x32.png', 'image/png'],
  ])('serves %s byte for byte from the swagger-ui-dist package', async (name, contentType) => {
    const response = await fetch(`${local.api.baseUrl}/docs/${name}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(readFileSync(join(swaggerUiFolder(), name)))).toBe(true);
  });

  it.each([
    '/docs/package.json',
    '/docs/index.html',
    '/docs/swagger-initializer.js',
    '/docs/..%2Fpackage.json',
    '/docs/%2E%2E%2F%2E%2E%2Fpackage.json',
  ])('answers 404 for %s: only the files the page uses are served', async (path) => {
    const response = await local.api.get(path);
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ message: 'Not Found' });
  });

  it.each(['index.css.map', 'favicon-16x16.png.map', 'favicon-32x32.png.map'])(
    'answers 404 for %s, a file the allow-list names that the package does not have',
    async (name) => {
      expect(existsSync(join(swaggerUiFolder(), name))).toBe(false);
      const response = await local.api.get(`/docs/${name}`);
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ message: 'Not Found' });
    },
  );

  it.each(['/docs', '/docs/', '/docs/swagger-ui.css', '/docs/initializer.js', '/docs/favicon-16x16.png'])(
    'answers HEAD %s like GET, without the body',
    async (path) => {
      const get = await fetch(`${local.api.baseUrl}${path}`);
      const getBody = Buffer.from(await get.arrayBuffer());
      const head = await fetch(`${local.api.baseUrl}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(head.headers.get('content-length')).toBe(String(getBody.length));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    },
  );

  it('answers HEAD for a missing file with 404, like GET', async () => {
    const response = await fetch(`${local.api.baseUrl}/docs/index.css.map`, { method: 'HEAD' });
    expect(response.status).toBe(404);
  });

  it('keeps /docs out of the API description: it is a local route, never deployed', async () => {
    const document = (await local.api.get('/openapi.json')).json;
    expect(Object.keys(document.paths).filter((path) => !/^\/(users|orders)\b/.test(path))).toEqual([]);
  });

  it('sends "Try it out" to the same origin, and every API route asks for the bearer token', async () => {
    const document = (await local.api.get('/openapi.json')).json;
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    for (const [path, methods] of Object.entries(document.paths as Record<string, object>)) {
      for (const [method, operation] of Object.entries(methods as Record<string, { security?: unknown }>)) {
        expect(operation.security, `${method} ${path} must not opt out of the token`).toBeUndefined();
      }
    }
  });
});
