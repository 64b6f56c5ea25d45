import type { Page, PageRequest } from '../pagination/page.js';
import type { ReplaceUserResult, UserRepository } from '../users/user.repository.js';
import type { User } from '../users/user.schema.js';
import { OrderedMap } from './ordered-map.js';

/**
 * Users in `userid` order (an `OrderedMap`), so a page costs what the page holds. Each method is
 * one synchronous step, so concurrent calls stay atomic.
 */
export class InMemoryUserRepository implements UserRepository {
  readonly #users = new OrderedMap<User>();

  async get(userid: string): Promise<User | undefined> {
    const user = this.#users.get(userid);
    return user === undefined ? undefined : structuredClone(user);
  }

  async list(request: PageRequest): Promise<Page<User>> {
    return structuredClone(this.#users.page(request));
  }

  async create(user: User): Promise<boolean> {
    if (this.#users.has(user.userid)) return false;
    this.#users.set(user.userid, structuredClone(user));
    return true;
  }

  async replace(user: User, expectedTimestamp?: string): Promise<ReplaceUserResult> {
    if (expectedTimestamp !== undefined && this.#users.get(user.userid)?.timestamp !== expectedTimestamp) {
      return { ok: false, reason: 'stale-timestamp' };
    }
    this.#users.set(user.userid, structuredClone(user));
    return { ok: true, user: structuredClone(user) };
  }

  async delete(userid: string): Promise<boolean> {
    return this.#users.delete(userid);
  }
}
