import {
  type ApiName,
  CORS_EXPOSED_HEADERS,
  type CorsPolicy,
  corsPolicy,
  GATEWAY_RESPONSE_TYPES,
  gatewayResponseDefinitions,
  preflightDefinition,
  preflightHeaders,
  ROUTES,
  resourceMethods,
} from '@app/adapters-lambda';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_STACK_NAME, USERS_STACK_NAME } from '../src/serverless-app.js';
import { type Synthesized, synthesize } from './support/synth.js';
import { type CfnResource, referencedIds, resourcesOf } from './support/template-queries.js';

const LISTED = ['https://app.example.com', 'http://127.0.0.1:5173'];

let anyOrigin: Synthesized;
let listed: Synthesized;

beforeAll(() => {
  anyOrigin = synthesize();
  listed = synthesize({ corsAllowedOrigins: LISTED.join(',') });
});
afterAll(() => {
  anyOrigin?.cleanup();
  listed?.cleanup();
});

const STACKS = [
  { stackName: USERS_STACK_NAME, api: 'users' as ApiName },
  { stackName: ORDERS_STACK_NAME, api: 'orders' as ApiName },
];

/** Each API Gateway resource's path, by logical id. */
function resourcePaths(template: Template): Map<string, string> {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const resource = resources[id] as CfnResource;
    const parent = referencedIds(resource.Properties.ParentId).find((ref) => ref in resources);
    return `${parent === undefined ? '' : pathOf(parent)}/${resource.Properties.PathPart as string}`;
  };
  return new Map(Object.keys(resources).map((id) => [id, pathOf(id)]));
}

/** The OPTIONS method of each resource path. */
function preflights(template: Template): Map<string, CfnResource> {
  const paths = resourcePaths(template);
  const found = new Map<string, CfnResource>();
  for (const method of Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'))) {
    if (method.Properties.HttpMethod !== 'OPTIONS') continue;
    const resourceId = referencedIds(method.Properties.ResourceId).find((ref) => paths.has(ref));
    found.set(paths.get(resourceId ?? '') ?? '(root)', method);
  }
  return found;
}

const quoted = (headers: Record<string, string>, prefix: string) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [`${prefix}${name}`, `'${value}'`]));

describe.each([
  { name: 'any origin (default)', synth: () => anyOrigin, policy: corsPolicy() },
  { name: 'a list of origins (context corsAllowedOrigins)', synth: () => listed, policy: corsPolicy(LISTED) },
] as { name: string; synth: () => Synthesized; policy: CorsPolicy }[])(
  'CORS with $name',
  ({ synth, policy }) => {
    it.each(STACKS)(
      'answers OPTIONS on every resource of $api from a MOCK integration, without authorization',
      ({ stackName, api }) => {
        const template = synth().template(stackName);
        const found = preflights(template);
        const resources = resourceMethods(ROUTES, api);

        expect([...found.keys()].sort()).toEqual([...resources.keys()].sort());
        for (const [path, methods] of resources) {
          const method = found.get(path) as CfnResource;
          const definition = preflightDefinition(policy, methods);
          expect(method.Properties.AuthorizationType, path).toBe('NONE');
          expect(method.Properties.AuthorizerId, path).toBeUndefined();
          const integration = method.Properties.Integration as {
            Type: string;
            IntegrationResponses: { StatusCode: string; ResponseParameters: Record<string, string> }[];
          };
          expect(integration.Type).toBe('MOCK');
          const [response] = integration.IntegrationResponses;
          expect(response?.StatusCode).toBe('204');
          // What API Gateway sends to a request without a listed Origin (the emulator's answer too).
          expect(response?.ResponseParameters).toEqual(
            quoted(preflightHeaders(definition, undefined), 'method.response.header.'),
          );
        }
      },
    );

    it.each(STACKS)('customises every gateway response of $api from the one definition', ({ stackName }) => {
      const template = synth().template(stackName);
      const responses = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse'));
      const definitions = gatewayResponseDefinitions(policy);

      expect(responses.map((response) => response.Properties.ResponseType).sort()).toEqual(
        [...GATEWAY_RESPONSE_TYPES].sort(),
      );
      for (const type of GATEWAY_RESPONSE_TYPES) {
        const definition = definitions[type];
        const response = responses.find((candidate) => candidate.Properties.ResponseType === type);
        expect(response?.Properties.StatusCode, type).toBe(
          definition.statusCode === undefined ? undefined : String(definition.statusCode),
        );
        expect(response?.Properties.ResponseTemplates, type).toEqual({
          'application/json': definition.template,
        });
        const parameters = response?.Properties.ResponseParameters as Record<string, string>;
        expect(parameters, type).toEqual(
          Object.fromEntries(
            Object.entries(definition.headers).map(([name, value]) => [
              `gatewayresponse.header.${name}`,
              value,
            ]),
          ),
        );
        expect(parameters['gatewayresponse.header.Cache-Control'], type).toBe("'no-store'");
        expect(parameters['gatewayresponse.header.Access-Control-Expose-Headers'], type).toBe(
          `'${CORS_EXPOSED_HEADERS.join(',')}'`,
        );
      }
    });

    it.each(STACKS)(
      'tells every route function of $api the allowed origins, and the authorizer nothing',
      ({ stackName }) => {
        const template = synth().template(stackName);
        const functions = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'));
        expect(functions.length).toBeGreaterThan(0);
        for (const [id, fn] of functions) {
          const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
          expect(variables.CORS_ALLOWED_ORIGINS, id).toBe(
            id.startsWith('AuthorizerFunction') ? undefined : policy.allowedOrigins.join(','),
          );
        }
      },
    );
  },
);

describe('CORS in the templates', () => {
  it("sends '*' on API Gateway's own responses by default", () => {
    const definitions = gatewayResponseDefinitions(corsPolicy());
    expect(definitions.UNAUTHORIZED.headers['Access-Control-Allow-Origin']).toBe("'*'");
    expect(definitions.UNAUTHORIZED.headers.Vary).toBeUndefined();
  });

  it("echoes a listed origin on preflights and the request's Origin on gateway responses, varying by Origin", () => {
    const template = listed.template(ORDERS_STACK_NAME);
    const preflight = preflights(template).get('/orders') as CfnResource;
    const [response] = (
      preflight.Properties.Integration as {
        IntegrationResponses: { ResponseTemplates: Record<string, string> }[];
      }
    ).IntegrationResponses;
    // The first origin is the static value; the template puts the second in its place when asked.
    expect(response?.ResponseTemplates['application/json']).toContain(`$origin == "${LISTED[1]}"`);

    const unauthorized = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).find(
      (candidate) => candidate.Properties.ResponseType === 'UNAUTHORIZED',
    );
    expect(unauthorized?.Properties.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
      'gatewayresponse.header.Vary': "'Origin'",
    });
  });
});
