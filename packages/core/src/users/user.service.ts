import { inject, injectable } from 'inversify';
import { authorize, type UserAction, type UserResource } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { TOKENS } from '../di/tokens.js';
import { DomainError, readOnlyField } from '../errors.js';
import type { CursorCodec } from '../pagination/cursor-codec.js';
import { DEFAULT_PAGE_SIZE, ListQuerySchema, type ListResult } from '../pagination/page.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { IdSchema } from '../shared/identifiers.js';
import { parseInput } from '../shared/validation.js';
import type { UserRepository } from './user.repository.js';
import { CreateUserInputSchema, ReplaceUserInputSchema, type User } from './user.schema.js';

const userNotFound = (userid: string) => new DomainError('USER_NOT_FOUND', `User '${userid}' was not found.`);

/** The users use cases: validate → authorize → one repository call → result. */
@injectable()
export class UserService {
  constructor(
    @inject(TOKENS.UserRepository) private readonly users: UserRepository,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  async list(principal: Principal, query: unknown = {}): Promise<ListResult<User>> {
    const { limit = DEFAULT_PAGE_SIZE, nextToken } = parseInput(ListQuerySchema, query);
    this.#authorize(principal, 'users:list');
    const scope = `users:${principal.sub}`;
    const after = nextToken === undefined ? undefined : this.cursors.decode(scope, nextToken);
    const page = await this.users.list({ limit, ...(after === undefined ? {} : { after }) });
    return {
      items: page.items,
      ...(page.lastKey === undefined ? {} : { nextToken: this.cursors.encode(scope, page.lastKey) }),
    };
  }

  async create(principal: Principal, input: unknown): Promise<User> {
    const { userid = this.ids.newId(), name, email } = parseInput(CreateUserInputSchema, input);
    this.#authorize(principal, 'users:create');
    const user = this.#user(userid, name, email);
    if (!(await this.users.create(user))) {
      throw new DomainError('USER_EXISTS', `A user with id '${userid}' already exists.`);
    }
    return user;
  }

  async get(principal: Principal, userid: string): Promise<User> {
    this.#authorize(principal, 'users:get', { userid: parseUserId(userid) });
    const user = await this.users.get(userid);
    if (user === undefined) throw userNotFound(userid);
    return user;
  }

  /** Creates or replaces; `userid` and `timestamp` may only be echoed with their current values. */
  async replace(principal: Principal, userid: string, input: unknown): Promise<User> {
    const id = parseUserId(userid);
    const {
      name,
      email,
      userid: echoedId,
      timestamp: echoedTimestamp,
    } = parseInput(ReplaceUserInputSchema, input);
    this.#authorize(principal, 'users:replace', { userid: id });
    if (echoedId !== undefined && echoedId !== id) throw readOnlyField('userid');
    if (echoedTimestamp !== undefined && typeof echoedTimestamp !== 'string')
      throw readOnlyField('timestamp');
    const result = await this.users.replace(this.#user(id, name, email), echoedTimestamp);
    if (!result.ok) throw readOnlyField('timestamp');
    return result.user;
  }

  async delete(principal: Principal, userid: string): Promise<void> {
    this.#authorize(principal, 'users:delete', { userid: parseUserId(userid) });
    if (!(await this.users.delete(userid))) throw userNotFound(userid);
  }

  #user(userid: string, name: string, email: string | undefined): User {
    return {
      userid,
      name,
      ...(email === undefined ? {} : { email }),
      timestamp: this.clock.now().toISOString(),
    };
  }

  #authorize(principal: Principal, action: UserAction, resource?: UserResource): void {
    if (!authorize(principal, action, resource)) {
      throw new DomainError('FORBIDDEN', 'You are not allowed to perform this action.');
    }
  }
}

function parseUserId(userid: string): string {
  return parseInput(IdSchema, userid, ['userid']);
}
