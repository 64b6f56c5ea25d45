import { CognitoError } from './errors.js';
import type { ActionInput } from './input.js';

/** The `X-Amz-Target` prefix of Cognito's user-pool API. */
export const COGNITO_TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_1_1 = 'application/x-amz-json-1.1';
/** The namespace Cognito appends to the error type in `x-amzn-ErrorType`. */
const ERROR_NAMESPACE = 'http://internal.amazon.com/coral/com.amazonaws.cognito.identity.idp.model/';

export interface AwsProtocolResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

type Actions = Record<string, (input: ActionInput) => Promise<object>>;

/**
 * Cognito's wire protocol (AWS JSON 1.1): the action named by `X-Amz-Target`, its members as a
 * JSON object, the answer as JSON, and errors as `{"__type","message"}` with the status and the
 * `x-amzn-ErrorType` header Cognito sends. Requests are not SigV4-verified (there are no
 * credentials to check them against locally); anything malformed is a 400 in this format.
 */
export function createCognitoProtocol(actions: Actions) {
  return async function answer(
    target: string,
    body: Buffer,
    requestId: string,
  ): Promise<AwsProtocolResponse> {
    try {
      const name = target.startsWith(COGNITO_TARGET_PREFIX) ? target.slice(COGNITO_TARGET_PREFIX.length) : '';
      const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
      if (action === undefined) throw new CognitoError('UnknownOperationException', '', 400);
      const output = await action(parse(body));
      return { statusCode: 200, headers: headers(requestId), body: JSON.stringify(output) };
    } catch (error) {
      const known =
        error instanceof CognitoError
          ? error
          : new CognitoError('InternalErrorException', 'Internal server error.', 500);
      return {
        statusCode: known.status,
        headers: { ...headers(requestId), 'x-amzn-ErrorType': `${known.type}:${ERROR_NAMESPACE}` },
        body: JSON.stringify({ __type: known.type, message: known.message }),
      };
    }
  };
}

function headers(requestId: string): Record<string, string> {
  return { 'Content-Type': JSON_1_1, 'x-amzn-RequestId': requestId, 'Cache-Control': 'no-store' };
}

function parse(body: Buffer): ActionInput {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new CognitoError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CognitoError('SerializationException', 'The request body is not a JSON object.');
  }
  return value as ActionInput;
}
