import { randomBytes, randomUUID } from 'node:crypto';
import type { PasswordPolicy } from '@app/adapters-lambda';
import type { LocalIdentity } from '../identity.js';
import { CognitoError, invalidParameter, notAuthorized, userNotFound } from './errors.js';
import {
  type ActionInput,
  attributeList,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredString,
  stringMap,
} from './input.js';
import {
  assertPasswordConforms,
  generateConfirmationCode,
  generateTemporaryPassword,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  verifyPassword,
} from './password.js';
import { createAccessTokenVerifier, issueTokens, newSession, readRefreshToken } from './tokens.js';
import type { Session, UserRecord, UserRecordStore } from './user-records.js';

export interface UserPoolSettings {
  identity: LocalIdentity;
  store: UserRecordStore;
  /** The pool's groups (`AdminAddUserToGroup` refuses any other). */
  groups: readonly string[];
  passwordPolicy: PasswordPolicy;
  requiredAttributes: readonly string[];
  /** The app client's `ExplicitAuthFlows`. */
  authFlows: readonly string[];
  /** Where codes and temporary passwords go instead of e-mails: the server's terminal. */
  deliver: (message: DeliveredMessage) => void;
}

/** A message Cognito would e-mail. */
export interface DeliveredMessage {
  kind: 'confirmation-code' | 'temporary-password';
  email: string;
  /** The code or the temporary password. */
  secret: string;
}

/** Cognito keeps sign-up codes for 24 hours. */
const CODE_LIFETIME_MS = 24 * 3600 * 1000;
/** Sessions (refresh tokens) kept per user; the oldest is dropped beyond it. */
const MAX_SESSIONS = 50;
/** How often a conditional write is retried when another request changed the user first. */
const MAX_WRITE_ATTEMPTS = 5;
const LIST_USERS_MAX_LIMIT = 60;

/** Cognito's standard attributes a client may set (`sub` and the verification flags are the pool's). */
const WRITABLE_ATTRIBUTES = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);
/** What a user may not set on themselves at sign-up. */
const ADMIN_ONLY_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

/** Loose on purpose, like Cognito's own check: something@something. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

type Action = (input: ActionInput) => Promise<object>;

/**
 * The local user pool: the actions of Cognito's user-pool API that clients and test harnesses
 * use, with Cognito's rules and exceptions, over a `UserRecordStore`.
 */
export function createUserPool(settings: UserPoolSettings): Record<string, Action> {
  const { identity, store } = settings;
  const accessTokens = createAccessTokenVerifier(identity);

  function checkPool(input: ActionInput): void {
    const id = requiredString(input, 'UserPoolId', 55);
    if (id !== identity.userPoolId) {
      throw new CognitoError('ResourceNotFoundException', `User pool ${id} does not exist.`);
    }
  }

  function checkClient(input: ActionInput): void {
    const id = requiredString(input, 'ClientId', 128);
    if (id !== identity.clientId) {
      throw new CognitoError('ResourceNotFoundException', `User pool client ${id} does not exist.`);
    }
  }

  function signInEmail(username: string): string {
    if (!EMAIL.test(username)) throw invalidParameter('Username should be an email.');
    return username.toLowerCase();
  }

  /** By email (the sign-in alias) or by username (the `sub`), as Cognito's admin actions accept. */
  async function find(username: string): Promise<UserRecord | undefined> {
    if (username.includes('@')) return store.get(username.toLowerCase());
    return (await store.list()).find((record) => record.username === username);
  }

  async function existing(input: ActionInput): Promise<UserRecord> {
    const user = await find(requiredString(input, 'Username', 128));
    if (user === undefined) throw userNotFound();
    return user;
  }

  /** Reads, changes and writes a user back only if no one changed it meanwhile (else re-reads). */
  async function update(start: UserRecord, change: (user: UserRecord) => UserRecord): Promise<UserRecord> {
    let current: UserRecord | undefined = start;
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
      if (current === undefined) throw userNotFound();
      const next = {
        ...change(structuredClone(current)),
        version: current.version + 1,
        updatedAt: Date.now(),
      };
      if (await store.replace(next, current.version)) return next;
      current = await store.get(current.email);
    }
    throw new CognitoError('InternalErrorException', 'The user changed too often; try again.', 500);
  }

  function checkPassword(input: ActionInput, member: string): string {
    const password = requiredString(input, member, MAX_PASSWORD_LENGTH);
    assertPasswordConforms(password, settings.passwordPolicy);
    return password;
  }

  /** The attributes of a new user: checked against the schema, `sub` and `email` filled in. */
  function newAttributes(given: Record<string, string>, username: string, email: string, byAdmin: boolean) {
    for (const name of Object.keys(given)) {
      if (!WRITABLE_ATTRIBUTES.has(name) || (!byAdmin && ADMIN_ONLY_ATTRIBUTES.has(name))) {
        throw invalidParameter(
          `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
        );
      }
    }
    const attributes: Record<string, string> = {
      ...given,
      sub: username,
      email: given.email ?? email,
      email_verified: given.email_verified === 'true' ? 'true' : 'false',
    };
    if (attributes.email?.toLowerCase() !== email.toLowerCase()) {
      throw invalidParameter('The email attribute must be the username: the pool signs in by email.');
    }
    const missing = settings.requiredAttributes.filter((name) => !attributes[name]);
    if (missing.length > 0) {
      throw invalidParameter(
        `Attributes did not conform to the schema: ${missing.map((name) => `${name}: The attribute is required`).join(', ')}`,
      );
    }
    return attributes;
  }

  function checkFlow(flow: string): void {
    if (!settings.authFlows.includes(`ALLOW_${flow}`)) {
      throw invalidParameter('Auth flow not enabled for this client');
    }
  }

  /** USERNAME/PASSWORD: the tokens of a new session, or the new-password challenge. */
  async function passwordSignIn(parameters: Record<string, string>): Promise<object> {
    const username = parameters.USERNAME;
    const password = parameters.PASSWORD;
    if (!username) throw invalidParameter('Missing required parameter USERNAME');
    if (!password) throw invalidParameter('Missing required parameter PASSWORD');
    const user = await find(username);
    // The client prevents user-existence errors: an unknown user looks like a wrong password.
    if (user === undefined || password.length > MAX_PASSWORD_LENGTH) {
      throw notAuthorized('Incorrect username or password.');
    }
    if (!(await verifyPassword(password, user.passwordHash)))
      throw notAuthorized('Incorrect username or password.');
    if (!user.enabled) throw notAuthorized('User is disabled.');
    if (user.status === 'UNCONFIRMED')
      throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      if ((user.temporaryPasswordExpiresAt ?? 0) <= Date.now()) {
        throw notAuthorized('Temporary password has expired and must be reset by an administrator.');
      }
      const { sub: _sub, ...attributes } = user.attributes;
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: randomBytes(48).toString('base64url'),
        ChallengeParameters: {
          USER_ID_FOR_SRP: user.username,
          requiredAttributes: '[]',
          userAttributes: JSON.stringify(attributes),
        },
      };
    }
    const { session, refreshToken } = newSession(user.email);
    const signedIn = await update(user, (current) => ({
      ...current,
      sessions: [...current.sessions, session].slice(-MAX_SESSIONS),
    }));
    return {
      ChallengeParameters: {},
      AuthenticationResult: { ...issueTokens(identity, signedIn, session), RefreshToken: refreshToken },
    };
  }

  /** REFRESH_TOKEN: new ID and access tokens of the same session, while it is not revoked. */
  async function refresh(parameters: Record<string, string>): Promise<object> {
    const token = parameters.REFRESH_TOKEN;
    if (!token) throw invalidParameter('Missing required parameter REFRESH_TOKEN');
    const named = readRefreshToken(token);
    if (named === undefined) throw notAuthorized('Invalid Refresh Token');
    const user = await store.get(named.email);
    const session = user?.sessions.find((candidate) => candidate.refreshTokenHash === named.refreshTokenHash);
    if (user === undefined || session === undefined) throw notAuthorized('Refresh Token has been revoked');
    if (!user.enabled) throw notAuthorized('User is disabled.');
    return { ChallengeParameters: {}, AuthenticationResult: issueTokens(identity, user, session) };
  }

  async function signIn(input: ActionInput, admin: boolean): Promise<object> {
    const flow = requiredString(input, 'AuthFlow', 64);
    const parameters = stringMap(input, 'AuthParameters');
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') return refresh(parameters);
    const passwordFlow = admin ? 'ADMIN_USER_PASSWORD_AUTH' : 'USER_PASSWORD_AUTH';
    if (flow === passwordFlow || (admin && flow === 'ADMIN_NO_SRP_AUTH')) {
      checkFlow(passwordFlow);
      return passwordSignIn(parameters);
    }
    if (flow === 'USER_SRP_AUTH' && !admin) {
      checkFlow(flow);
      throw invalidParameter(
        'USER_SRP_AUTH is not supported by the local user pool: use USER_PASSWORD_AUTH.',
      );
    }
    throw invalidParameter('Auth flow not enabled for this client');
  }

  /** The session an access token belongs to, while it is not revoked. */
  async function signedIn(input: ActionInput): Promise<{ user: UserRecord; session: Session }> {
    const claims = await accessTokens.verify(requiredString(input, 'AccessToken', 8192));
    if (claims === undefined) throw notAuthorized('Invalid Access Token');
    const user = await find(claims.username);
    if (user === undefined) throw userNotFound();
    const session = user.sessions.find((candidate) => candidate.originJti === claims.originJti);
    if (session === undefined) throw notAuthorized('Access Token has been revoked');
    return { user, session };
  }

  function checkGroup(input: ActionInput): string {
    const group = requiredString(input, 'GroupName', 128);
    if (!settings.groups.includes(group))
      throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return group;
  }

  return {
    async SignUp(input) {
      checkClient(input);
      const email = signInEmail(requiredString(input, 'Username', 128));
      const password = checkPassword(input, 'Password');
      const username = randomUUID();
      const attributes = newAttributes(attributeList(input, 'UserAttributes'), username, email, false);
      const now = Date.now();
      const code = generateConfirmationCode();
      const created = await store.create({
        email,
        username,
        attributes,
        status: 'UNCONFIRMED',
        enabled: true,
        passwordHash: await hashPassword(password),
        confirmationCode: { code, expiresAt: now + CODE_LIFETIME_MS },
        groups: [],
        sessions: [],
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      if (!created) {
        throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
      }
      settings.deliver({ kind: 'confirmation-code', email, secret: code });
      return { UserConfirmed: false, UserSub: username, CodeDeliveryDetails: codeDelivery(email) };
    },

    async ConfirmSignUp(input) {
      checkClient(input);
      const code = requiredString(input, 'ConfirmationCode', 2048);
      const user = await find(requiredString(input, 'Username', 128));
      // With user-existence errors prevented, an unknown user is a wrong code.
      if (user === undefined) {
        throw new CognitoError(
          'CodeMismatchException',
          'Invalid verification code provided, please try again.',
        );
      }
      if (user.status !== 'UNCONFIRMED') {
        throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
      }
      if (user.confirmationCode?.code !== code) {
        throw new CognitoError(
          'CodeMismatchException',
          'Invalid verification code provided, please try again.',
        );
      }
      if (user.confirmationCode.expiresAt <= Date.now()) {
        throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
      }
      await update(user, (current) => {
        if (current.status !== 'UNCONFIRMED' || current.confirmationCode?.code !== code) {
          throw notAuthorized(`User cannot be confirmed. Current status is ${current.status}`);
        }
        const { confirmationCode: _used, ...rest } = current;
        return {
          ...rest,
          status: 'CONFIRMED',
          attributes: { ...current.attributes, email_verified: 'true' },
        };
      });
      return {};
    },

    async AdminConfirmSignUp(input) {
      checkPool(input);
      const user = await existing(input);
      await update(user, (current) => {
        if (current.status !== 'UNCONFIRMED') {
          throw notAuthorized(`User cannot be confirmed. Current status is ${current.status}`);
        }
        const { confirmationCode: _unused, ...rest } = current;
        return { ...rest, status: 'CONFIRMED' };
      });
      return {};
    },

    InitiateAuth(input) {
      checkClient(input);
      return signIn(input, false);
    },

    AdminInitiateAuth(input) {
      checkPool(input);
      checkClient(input);
      return signIn(input, true);
    },

    async AdminCreateUser(input) {
      checkPool(input);
      const email = signInEmail(requiredString(input, 'Username', 128));
      const action = optionalString(input, 'MessageAction', 16);
      if (action !== undefined && action !== 'SUPPRESS') {
        throw invalidParameter(
          `MessageAction ${action} is not supported by the local user pool: use SUPPRESS or leave it out.`,
        );
      }
      const given = optionalString(input, 'TemporaryPassword', MAX_PASSWORD_LENGTH);
      if (given !== undefined) assertPasswordConforms(given, settings.passwordPolicy);
      const password = given ?? generateTemporaryPassword();
      const username = randomUUID();
      const attributes = newAttributes(attributeList(input, 'UserAttributes'), username, email, true);
      const now = Date.now();
      const record: UserRecord = {
        email,
        username,
        attributes,
        status: 'FORCE_CHANGE_PASSWORD',
        enabled: true,
        passwordHash: await hashPassword(password),
        temporaryPasswordExpiresAt: now + settings.passwordPolicy.temporaryPasswordValidityDays * 86_400_000,
        groups: [],
        sessions: [],
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      if (!(await store.create(record))) {
        throw new CognitoError('UsernameExistsException', 'User account already exists');
      }
      if (action !== 'SUPPRESS') settings.deliver({ kind: 'temporary-password', email, secret: password });
      return { User: userType(record) };
    },

    async AdminSetUserPassword(input) {
      checkPool(input);
      const password = checkPassword(input, 'Password');
      const permanent = optionalBoolean(input, 'Permanent') ?? false;
      const user = await existing(input);
      const passwordHash = await hashPassword(password);
      await update(user, ({ temporaryPasswordExpiresAt: _old, confirmationCode: _code, ...current }) =>
        permanent
          ? { ...current, passwordHash, status: 'CONFIRMED' }
          : {
              ...current,
              passwordHash,
              status: 'FORCE_CHANGE_PASSWORD',
              temporaryPasswordExpiresAt:
                Date.now() + settings.passwordPolicy.temporaryPasswordValidityDays * 86_400_000,
            },
      );
      return {};
    },

    async AdminAddUserToGroup(input) {
      checkPool(input);
      const group = checkGroup(input);
      const user = await existing(input);
      if (!user.groups.includes(group)) {
        await update(user, (current) => ({
          ...current,
          groups: current.groups.includes(group) ? current.groups : [...current.groups, group],
        }));
      }
      return {};
    },

    async AdminRemoveUserFromGroup(input) {
      checkPool(input);
      const group = checkGroup(input);
      const user = await existing(input);
      if (user.groups.includes(group)) {
        await update(user, (current) => ({
          ...current,
          groups: current.groups.filter((name) => name !== group),
        }));
      }
      return {};
    },

    async AdminGetUser(input) {
      checkPool(input);
      const user = await existing(input);
      const { Attributes, ...rest } = userType(user);
      return { ...rest, UserAttributes: Attributes };
    },

    async AdminDeleteUser(input) {
      checkPool(input);
      const user = await existing(input);
      if (!(await store.delete(user.email))) throw userNotFound();
      return {};
    },

    async ListUsers(input) {
      checkPool(input);
      const limit = optionalInteger(input, 'Limit', 0, LIST_USERS_MAX_LIMIT) || LIST_USERS_MAX_LIMIT;
      const token = optionalString(input, 'PaginationToken', 256);
      const after = token === undefined ? undefined : decodeToken(token);
      const matches = parseFilter(optionalString(input, 'Filter', 256));
      const wanted = input.AttributesToGet === undefined ? undefined : attributeNames(input.AttributesToGet);
      const users = (await store.list())
        .filter(matches)
        .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
      const start = after === undefined ? 0 : users.findIndex((user) => user.username > after);
      const page = start === -1 ? [] : users.slice(start, start + limit);
      const last = page.at(-1);
      const more = last !== undefined && users.indexOf(last) < users.length - 1;
      return {
        Users: page.map((user) => {
          const type = userType(user);
          return wanted === undefined
            ? type
            : { ...type, Attributes: type.Attributes.filter(({ Name }) => wanted.includes(Name)) };
        }),
        ...(more ? { PaginationToken: Buffer.from(last.username).toString('base64url') } : {}),
      };
    },

    async GetUser(input) {
      const { user } = await signedIn(input);
      return { Username: user.username, UserAttributes: attributesOf(user) };
    },

    async GlobalSignOut(input) {
      const { user } = await signedIn(input);
      await update(user, (current) => ({ ...current, sessions: [] }));
      return {};
    },
  };
}

function decodeToken(token: string): string {
  const decoded = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (decoded === '') throw invalidParameter('Invalid pagination token.');
  return decoded;
}

function attributeNames(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) {
    throw new CognitoError('SerializationException', 'Unexpected value type for AttributesToGet');
  }
  return value;
}

/** The attributes ListUsers filters on, by their filter names. */
const FILTER_ATTRIBUTES: Record<string, (user: UserRecord) => string | undefined> = {
  username: (user) => user.username,
  email: (user) => user.attributes.email,
  phone_number: (user) => user.attributes.phone_number,
  name: (user) => user.attributes.name,
  given_name: (user) => user.attributes.given_name,
  family_name: (user) => user.attributes.family_name,
  preferred_username: (user) => user.attributes.preferred_username,
  'cognito:user_status': (user) => user.status,
  status: (user) => (user.enabled ? 'Enabled' : 'Disabled'),
  sub: (user) => user.username,
};

/** `attribute = "value"` or `attribute ^= "prefix"` (Cognito's filter language), or nothing. */
function parseFilter(filter: string | undefined): (user: UserRecord) => boolean {
  if (filter === undefined || filter.trim() === '') return () => true;
  const match = /^\s*([a-z_:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  const name = match?.[1] ?? '';
  const read = Object.hasOwn(FILTER_ATTRIBUTES, name) ? FILTER_ATTRIBUTES[name] : undefined;
  if (match === null || read === undefined) throw invalidParameter('Error while parsing filter.');
  const value = (match[3] ?? '').replace(/\\(.)/g, '$1');
  return match[2] === '=' ? (user) => read(user) === value : (user) => read(user)?.startsWith(value) === true;
}

function attributesOf(user: UserRecord): Array<{ Name: string; Value: string }> {
  return Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }));
}

/** Cognito's `UserType`: timestamps as epoch seconds, as the JSON 1.1 protocol sends them. */
function userType(user: UserRecord) {
  return {
    Username: user.username,
    Attributes: attributesOf(user),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.updatedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** Where the code went, masked as Cognito masks it (`a***@e***`). */
function codeDelivery(email: string) {
  const [local = '', domain = ''] = email.split('@');
  return {
    Destination: `${local.charAt(0)}***@${domain.charAt(0)}***`,
    DeliveryMedium: 'EMAIL',
    AttributeName: 'email',
  };
}
