import type { Page, PageRequest } from '../pagination/page.js';
import type { User } from './user.schema.js';

/** Outcome of a conditional replace: refused when the caller's `timestamp` echo is stale. */
export type ReplaceUserResult = { ok: true; user: User } | { ok: false; reason: 'stale-timestamp' };

export interface UserRepository {
  get(userid: string): Promise<User | undefined>;
  /** Pages over all users in key order of the store; `after` is the last `userid` seen. */
  list(page: PageRequest): Promise<Page<User>>;
  /** Writes only if no user has this id (one conditional write). `false` when it exists. */
  create(user: User): Promise<boolean>;
  /**
   * Creates or replaces the user in one write. With `expectedTimestamp`, the write happens only
   * when the stored user has exactly that timestamp.
   */
  replace(user: User, expectedTimestamp?: string): Promise<ReplaceUserResult>;
  /** Deletes in one write; `false` when there was no such user. */
  delete(userid: string): Promise<boolean>;
}
