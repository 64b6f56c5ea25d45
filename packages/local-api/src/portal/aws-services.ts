import {
  USER_POOL_CLIENT_AUTH_FLOWS,
  USER_POOL_PASSWORD_POLICY,
  USER_POOL_REQUIRED_ATTRIBUTES,
} from '@app/adapters-lambda';
import type { GatewayRequest } from '../gateway/event-builder.js';
import { headerValue, nextRequestId } from '../gateway/event-builder.js';
import type { GatewayResult } from '../gateway/gateway.js';
import { type AwsProtocolResponse, createCognitoProtocol } from '../identity/cognito-api/protocol.js';
import { createUserPool, type DeliveredMessage } from '../identity/cognito-api/user-pool.js';
import type { UserRecordStore } from '../identity/cognito-api/user-records.js';
import type { LocalIdentity } from '../identity/identity.js';
import { createCloudFormation, type LocalStackFacts, localStacks } from './cloudformation.js';

export interface AwsServices {
  /** Cognito's user-pool API: the `X-Amz-Target` value, the body, the request id. */
  cognito(target: string, body: Buffer, requestId: string): Promise<AwsProtocolResponse>;
  /** CloudFormation's query API: the form-encoded body, the request id. */
  cloudFormation(body: Buffer, requestId: string): AwsProtocolResponse;
}

/**
 * The AWS service APIs the local server answers at its own origin, as `--endpoint-url` clients
 * (the SDKs, the AWS CLI) call them: a `POST /` with `X-Amz-Target` (JSON protocols: Cognito),
 * or a form-encoded `POST /` (query protocol: CloudFormation). Everything else goes on to the
 * gateway, where `POST /` is API Gateway's Missing Authentication Token as before.
 */
export function withAwsServices(
  gateway: (request: GatewayRequest) => Promise<GatewayResult>,
  services: AwsServices,
): (request: GatewayRequest) => Promise<GatewayResult> {
  return (request) => {
    if (request.method !== 'POST' || request.rawPath !== '/') return gateway(request);
    const requestId = nextRequestId();
    const target = headerValue(request, 'x-amz-target');
    if (target !== undefined)
      return services.cognito(target, request.body, requestId).then((r) => result(r, requestId));
    const contentType = headerValue(request, 'content-type')?.toLowerCase() ?? '';
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      return Promise.resolve(result(services.cloudFormation(request.body, requestId), requestId));
    }
    return gateway(request);
  };
}

function result(response: AwsProtocolResponse, requestId: string): GatewayResult {
  return {
    statusCode: response.statusCode,
    headers: { ...response.headers },
    body: response.body,
    requestId,
  };
}

export interface AwsServicesOptions {
  identity: LocalIdentity;
  store: UserRecordStore;
  adminGroup: string;
  /** The pool's groups; default the admin group alone, as in the deployed pool. */
  groups?: readonly string[];
  deliver: (message: DeliveredMessage) => void;
  /** The facts the stack outputs show; read per request (the URL is known once listening). */
  stackFacts: () => LocalStackFacts;
}

/** The local user pool (the deployed pool's rules, from `@app/adapters-lambda`) and the local stacks. */
export function createAwsServices(options: AwsServicesOptions): AwsServices {
  const pool = createUserPool({
    identity: options.identity,
    store: options.store,
    groups: options.groups ?? [options.adminGroup],
    passwordPolicy: USER_POOL_PASSWORD_POLICY,
    requiredAttributes: USER_POOL_REQUIRED_ATTRIBUTES,
    authFlows: USER_POOL_CLIENT_AUTH_FLOWS,
    deliver: options.deliver,
  });
  return {
    cognito: createCognitoProtocol(pool),
    cloudFormation: createCloudFormation(() => localStacks(options.stackFacts())),
  };
}

/** What Cognito would e-mail, as one line in the server's terminal. */
export function formatDeliveredMessage({ kind, email, secret }: DeliveredMessage): string {
  return kind === 'confirmation-code'
    ? `[cognito] Confirmation code for ${email}: ${secret} (confirm-sign-up --confirmation-code ${secret})`
    : `[cognito] Temporary password for ${email}: ${secret}`;
}
