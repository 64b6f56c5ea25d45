import { STACK_NAMES, type STACK_OUTPUT_KEYS } from '@app/adapters-lambda';
import type { AwsProtocolResponse } from '../identity/cognito-api/protocol.js';
import { LOCAL_REGION } from '../identity/identity.js';

const ACCOUNT = '000000000000';
const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

type Outputs<Keys extends readonly string[]> = Record<Keys[number], { value: string; description: string }>;

export interface LocalStackFacts {
  /** The server's origin, without a trailing slash. */
  url: string;
  userPoolId: string;
  clientId: string;
  adminGroup: string;
  /** Table names with DynamoDB storage; in memory there are none. */
  tables: { users: string; orders: string; idempotency: string } | undefined;
}

interface LocalStack {
  name: string;
  outputs: Record<string, { value: string; description: string }>;
}

/**
 * The two stacks as `DescribeStacks` shows them once deployed: the CDK app's names and output
 * keys (`STACK_NAMES`, `STACK_OUTPUT_KEYS` of `@app/adapters-lambda`), values pointing at the
 * local server. What has no local counterpart (hosted UI, dashboards, alarm topics) says so.
 */
export function localStacks(facts: LocalStackFacts): LocalStack[] {
  // Without the trailing slash the deployed endpoints have (`…/Prod/`): the workshop's
  // `curl $API_URL/users` would otherwise ask for `//users`, which the local gateway does not route.
  const endpoint = facts.url;
  const notLocal = `${facts.url}/docs`;
  const table = (name: keyof NonNullable<LocalStackFacts['tables']>) => facts.tables?.[name] ?? 'in-memory';
  const users: Outputs<typeof STACK_OUTPUT_KEYS.users> = {
    APIEndpoint: { value: endpoint, description: 'Users API endpoint' },
    UserPool: { value: facts.userPoolId, description: 'Cognito user pool id' },
    UserPoolClient: { value: facts.clientId, description: 'Cognito app client id' },
    UserPoolAdminGroupName: {
      value: facts.adminGroup,
      description: 'Cognito group of the API administrators',
    },
    CognitoLoginURL: { value: notLocal, description: 'No hosted UI locally: the Swagger UI instead' },
    CognitoAuthCommand: {
      value: `aws --endpoint-url ${facts.url} --region ${LOCAL_REGION} cognito-idp initiate-auth --auth-flow USER_PASSWORD_AUTH --client-id ${facts.clientId} --auth-parameters USERNAME=<user@example.com>,PASSWORD=<password> --query AuthenticationResult.IdToken --output text`,
      description: 'AWS CLI command printing an ID token for a user',
    },
    AlarmsTopic: {
      value: `arn:aws:sns:${LOCAL_REGION}:${ACCOUNT}:${STACK_NAMES.users}-alarms`,
      description: 'No alarms locally: a placeholder ARN',
    },
    DashboardURL: { value: notLocal, description: 'No dashboard locally: the Swagger UI instead' },
    UsersTable: { value: table('users'), description: 'DynamoDB users table' },
    UsersFunction: {
      value: `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT}:function:${STACK_NAMES.users}-users`,
      description: 'No Lambda locally (the handlers run in this process): a placeholder ARN',
    },
  };
  const orders: Outputs<typeof STACK_OUTPUT_KEYS.orders> = {
    OrdersServiceEndpoint: { value: endpoint, description: 'Orders API endpoint' },
    OrdersTable: { value: table('orders'), description: 'DynamoDB orders table' },
    IdempotencyTable: { value: table('idempotency'), description: 'DynamoDB idempotency table' },
    AlarmsTopic: {
      value: `arn:aws:sns:${LOCAL_REGION}:${ACCOUNT}:${STACK_NAMES.orders}-alarms`,
      description: 'No alarms locally: a placeholder ARN',
    },
    DashboardURL: { value: notLocal, description: 'No dashboard locally: the Swagger UI instead' },
  };
  return [
    { name: STACK_NAMES.users, outputs: users },
    { name: STACK_NAMES.orders, outputs: orders },
  ];
}

/** A fixed creation time: the stacks "exist" for as long as the server runs. */
const CREATED = new Date().toISOString();

/**
 * CloudFormation's `DescribeStacks` over the AWS query protocol (a form-encoded POST with
 * `Action` and `Version`, an XML answer), for the local stacks; every other action is
 * `InvalidAction`. As for Cognito, requests are not SigV4-verified.
 */
export function createCloudFormation(stacks: () => LocalStack[]) {
  return function answer(body: Buffer, requestId: string): AwsProtocolResponse {
    const form = new URLSearchParams(body.toString('utf8'));
    const action = form.get('Action');
    if (action !== 'DescribeStacks') {
      return error(
        requestId,
        'InvalidAction',
        `The action ${action ?? '(none)'} is not valid for this endpoint.`,
      );
    }
    const name = form.get('StackName');
    const all = stacks();
    const found =
      name === null ? all : all.filter((stack) => stack.name === name || stackId(stack.name) === name);
    if (found.length === 0)
      return error(requestId, 'ValidationError', `Stack with id ${name} does not exist`);
    return xml(
      200,
      requestId,
      `<DescribeStacksResponse xmlns="${XMLNS}"><DescribeStacksResult><Stacks>${found.map(stackXml).join('')}</Stacks></DescribeStacksResult>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></DescribeStacksResponse>`,
    );
  };
}

const stackId = (name: string) =>
  `arn:aws:cloudformation:${LOCAL_REGION}:${ACCOUNT}:stack/${name}/00000000-0000-4000-8000-000000000000`;

function stackXml(stack: LocalStack): string {
  const outputs = Object.entries(stack.outputs)
    .map(
      ([key, { value, description }]) =>
        `<member><OutputKey>${escapeXml(key)}</OutputKey><OutputValue>${escapeXml(value)}</OutputValue><Description>${escapeXml(description)}</Description></member>`,
    )
    .join('');
  return (
    `<member><StackId>${stackId(stack.name)}</StackId><StackName>${escapeXml(stack.name)}</StackName>` +
    `<CreationTime>${CREATED}</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>` +
    `<DisableRollback>false</DisableRollback><Outputs>${outputs}</Outputs></member>`
  );
}

function error(requestId: string, code: string, message: string): AwsProtocolResponse {
  return xml(
    400,
    requestId,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

function xml(statusCode: number, requestId: string, body: string): AwsProtocolResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId, 'Cache-Control': 'no-store' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
