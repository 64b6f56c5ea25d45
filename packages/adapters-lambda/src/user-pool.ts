/**
 * The user pool's sign-up rules, shared by the CDK users stack (which deploys them) and the
 * local server's Cognito stand-in (which enforces them), so the two cannot drift.
 */
export interface PasswordPolicy {
  readonly minLength: number;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireDigits: boolean;
  readonly requireSymbols: boolean;
  /** Days an admin-set temporary password stays usable (Cognito's default is 7). */
  readonly temporaryPasswordValidityDays: number;
}

export const USER_POOL_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 7,
};

/**
 * Cognito's standard attributes every user must have, by their Cognito names. In the order the
 * deployed template has always listed them: a reordered `Schema` is an update CloudFormation
 * would try to apply to a pool whose schema cannot change.
 */
export const USER_POOL_REQUIRED_ATTRIBUTES = ['name', 'email'] as const;

export type RequiredUserAttribute = (typeof USER_POOL_REQUIRED_ATTRIBUTES)[number];

/**
 * The app client's sign-in flows, by Cognito's `ExplicitAuthFlows` names (refresh is always on).
 * `ADMIN_USER_PASSWORD_AUTH` is not among them, so `AdminInitiateAuth` only refreshes.
 */
export const USER_POOL_CLIENT_AUTH_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'] as const;
