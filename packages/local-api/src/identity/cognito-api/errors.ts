/**
 * An error as Cognito answers it: the exception's name (`__type` in the body and the
 * `x-amzn-ErrorType` header, which the SDKs and the CLI read), a message, and the HTTP status.
 */
export class CognitoError extends Error {
  override readonly name = 'CognitoError';

  constructor(
    readonly type: CognitoExceptionName,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The exceptions the local user pool raises; Cognito answers each with 400 unless noted. */
export type CognitoExceptionName =
  | 'CodeMismatchException'
  | 'ExpiredCodeException'
  | 'InternalErrorException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'NotAuthorizedException'
  | 'ResourceNotFoundException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'UnsupportedOperationException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException';

export const invalidParameter = (message: string) => new CognitoError('InvalidParameterException', message);
export const notAuthorized = (message: string) => new CognitoError('NotAuthorizedException', message);
export const userNotFound = () => new CognitoError('UserNotFoundException', 'User does not exist.');
