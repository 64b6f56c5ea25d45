/** The local pool's DynamoDB table: local only (the deployed pool is Cognito itself). */
export const DEFAULT_COGNITO_USERS_TABLE = 'local-cognito-users';

/** Cognito's user statuses the local pool uses. */
export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

/** One sign-in's refresh token, identified as Cognito does by the `origin_jti` of its tokens. */
export interface Session {
  originJti: string;
  /** SHA-256 of the refresh token's secret part (the token itself is never stored). */
  refreshTokenHash: string;
  /** When the user authenticated (seconds), the tokens' `auth_time`. */
  authTime: number;
}

/**
 * A user of the local pool. The pool signs in by email (its `UsernameAttributes` are `email`), so,
 * as in Cognito, the username is the `sub` (a UUID) and the lower-cased email is the sign-in key.
 */
export interface UserRecord {
  /** The lower-cased email: the record's key. */
  email: string;
  username: string;
  /** Every attribute by its Cognito name (`sub`, `email`, `email_verified`, `name`, …). */
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  passwordHash: string;
  /** Milliseconds; a temporary password stops working then. */
  temporaryPasswordExpiresAt?: number;
  confirmationCode?: { code: string; expiresAt: number };
  groups: string[];
  sessions: Session[];
  createdAt: number;
  updatedAt: number;
  /** Bumped by every write: a write that expected another version changes nothing. */
  version: number;
}

/**
 * Where the local pool keeps its users. Every change is one conditional write: `create` only if
 * the email is new, `replace` only if the stored record still has the version that was read.
 */
export interface UserRecordStore {
  get(email: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  /** `false` when the email is taken. */
  create(record: UserRecord): Promise<boolean>;
  /** `false` when the record is gone or was changed since `expectedVersion`. */
  replace(record: UserRecord, expectedVersion: number): Promise<boolean>;
  /** `false` when there was none. */
  delete(email: string): Promise<boolean>;
}

export class InMemoryUserRecordStore implements UserRecordStore {
  private readonly records = new Map<string, UserRecord>();

  async get(email: string) {
    const record = this.records.get(email);
    return record === undefined ? undefined : structuredClone(record);
  }

  async list() {
    return [...this.records.values()].map((record) => structuredClone(record));
  }

  async create(record: UserRecord) {
    if (this.records.has(record.email)) return false;
    this.records.set(record.email, structuredClone(record));
    return true;
  }

  async replace(record: UserRecord, expectedVersion: number) {
    if (this.records.get(record.email)?.version !== expectedVersion) return false;
    this.records.set(record.email, structuredClone(record));
    return true;
  }

  async delete(email: string) {
    return this.records.delete(email);
  }
}
