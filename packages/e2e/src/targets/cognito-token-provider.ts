import { randomBytes, randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Identity } from '../scenarios/target.js';

export interface TokenRequest {
  /** Member of the admin group. */
  admin?: boolean;
  /** Defaults to a new unique address. */
  email?: string;
  /** Extra groups (they must exist in the pool). */
  groups?: string[];
}

export interface CognitoTokenProviderOptions {
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  userPoolClientId: string;
  adminGroupName: string;
}

/**
 * Test users in a deployed user pool, as the original harness made them: created by an admin
 * call with a permanent password (no invitation email), added to groups, signed in with
 * USER_PASSWORD_AUTH for an ID token; deleted again by `cleanup()`.
 */
export class CognitoTokenProvider {
  private readonly created = new Set<string>();

  constructor(private readonly options: CognitoTokenProviderOptions) {}

  async token(request: TokenRequest = {}): Promise<Identity> {
    const { cognito, userPoolId, userPoolClientId, adminGroupName } = this.options;
    const email = request.email ?? `e2e-${randomUUID()}@example.com`;
    const password = newPassword();
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'E2E test user' },
        ],
      }),
    );
    this.created.add(email);
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: email,
        Password: password,
        Permanent: true,
      }),
    );
    const groups = [...(request.admin ? [adminGroupName] : []), ...(request.groups ?? [])];
    for (const group of groups) {
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
      );
    }
    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({
        ClientId: userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = AuthenticationResult?.IdToken;
    if (!token) throw new Error(`Cognito returned no ID token for ${email}`);
    return { token, sub: subOf(token), email };
  }

  /** Deletes every user this provider created. */
  async cleanup(): Promise<void> {
    const { cognito, userPoolId } = this.options;
    for (const email of [...this.created]) {
      await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
      this.created.delete(email);
    }
  }
}

/** A password meeting the pool's policy (12+ characters, all four character classes). */
function newPassword(): string {
  return `Aa1!${randomBytes(18).toString('base64url')}`;
}

/** The `sub` claim of a JWT (read, not verified: the API verifies it). */
function subOf(token: string): string {
  const payload = token.split('.')[1];
  const sub = payload
    ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub
    : undefined;
  if (typeof sub !== 'string') throw new Error('The ID token has no sub claim');
  return sub;
}
