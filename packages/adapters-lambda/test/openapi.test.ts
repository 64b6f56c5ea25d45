import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, renderOpenApiDocument } from '../src/openapi.js';
import { ROUTES } from '../src/routes.js';

const COMMITTED = new URL('../openapi.json', import.meta.url);

describe('the OpenAPI document', () => {
  it('matches the committed openapi.json (regenerate with `pnpm --filter @app/adapters-lambda openapi`)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(renderOpenApiDocument());
  });

  it('describes every route of the manifest, once, with its body and success response', () => {
    const document = buildOpenApiDocument() as {
      paths: Record<
        string,
        Record<string, { operationId: string; requestBody?: unknown; responses: object }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations).toHaveLength(ROUTES.length);
    for (const route of ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      expect(operation?.requestBody !== undefined).toBe(route.requestSchema !== undefined);
      expect(Object.keys(operation?.responses ?? {})).toContain(String(route.successStatus));
      expect(Object.keys(operation?.responses ?? {})).toContain('401');
    }
    expect(Object.keys(document.paths).filter((path) => !/^\/(users|orders)\b/.test(path))).toEqual([]);
  });

  it('types every request property and marks the echoed read-only fields readOnly', () => {
    const { schemas } = (
      buildOpenApiDocument() as {
        components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
      }
    ).components;
    const readOnly = (name: string) =>
      Object.entries(schemas[name]?.properties ?? {})
        .filter(([, property]) => property.readOnly === true)
        .map(([field]) => field);

    expect(readOnly('CreateOrderRequest')).toEqual(['userId', 'status', 'orderTime']);
    expect(readOnly('EditOrderRequest')).toEqual(['orderId', 'userId', 'status', 'orderTime']);
    expect(readOnly('ReplaceUserRequest')).toEqual(['userid', 'timestamp']);
    expect(readOnly('CreateUserRequest')).toEqual([]);
    for (const route of ROUTES.filter((candidate) => candidate.requestSchema !== undefined)) {
      const name = `${route.operationId.charAt(0).toUpperCase()}${route.operationId.slice(1)}Request`;
      for (const [field, property] of Object.entries(schemas[name]?.properties ?? {})) {
        expect(property.type ?? property.anyOf, `${name}.${field}`).toBeDefined();
      }
    }
  });

  it('declares the bearer scheme, both APIs and every referenced schema', () => {
    const document = buildOpenApiDocument() as Record<string, unknown>;
    const text = JSON.stringify(document);
    expect(document.openapi).toBe('3.1.0');
    expect(document.components).toMatchObject({
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    });
    expect((document.tags as Array<{ name: string }>).map((tag) => tag.name)).toEqual(['users', 'orders']);
    const schemas = Object.keys((document.components as { schemas: object }).schemas);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) expect(schemas).toContain(name);
    expect(schemas).toEqual(expect.arrayContaining(['User', 'Order', 'UserList', 'OrderList', 'Problem']));
  });
});
