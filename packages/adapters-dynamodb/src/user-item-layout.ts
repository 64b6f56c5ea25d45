import { isDomainError, parseInput, type User, UserSchema } from '@app/core';
import { USERS_TABLE } from './table-definitions.js';
import type { ItemReading } from './unreadable-item.js';

type Item = Record<string, unknown>;

export const USER_ID = USERS_TABLE.partitionKey.name;

/**
 * A timestamp the workshop's code wrote: ISO-8601 without a zone designator (Python's
 * `datetime.isoformat()` of a UTC clock, as on Lambda). Read as UTC.
 */
const ZONELESS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** The stored item of a user (`userid`, `name`, `email` when given, `timestamp`), as returned. */
export function userToItem(user: User): User {
  return {
    userid: user.userid,
    name: user.name,
    ...(user.email === undefined ? {} : { email: user.email }),
    timestamp: user.timestamp,
  };
}

/**
 * The user an item holds, read as tolerantly as the workshop's code could have written it: a
 * `timestamp` without `Z` is read as UTC (and returned with `Z`), attributes other than
 * `userid`, `name`, `email`, `timestamp` are not returned. What the User schema requires must be
 * there and valid.
 */
export function readUserItem(item: Item): ItemReading<User> {
  const candidate = {
    userid: item[USER_ID],
    name: item.name,
    ...(item.email === undefined ? {} : { email: item.email }),
    timestamp:
      typeof item.timestamp === 'string' && ZONELESS_TIMESTAMP.test(item.timestamp)
        ? `${item.timestamp}Z`
        : item.timestamp,
  };
  try {
    const user = parseInput(UserSchema, candidate);
    return { ok: true, value: userToItem(user) };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { ok: false, issues: [...error.issues] };
  }
}

/**
 * The stored forms of a timestamp a client echoes: itself, and — for one returned with `Z`
 * added — the zoneless form it was read from, so a user read and PUT back is not refused.
 */
export function storedTimestampForms(timestamp: string): string[] {
  const zoneless = timestamp.endsWith('Z') ? timestamp.slice(0, -1) : undefined;
  return zoneless !== undefined && ZONELESS_TIMESTAMP.test(zoneless) ? [timestamp, zoneless] : [timestamp];
}

export const userKeyOf = (item: Item): Item => ({ [USER_ID]: item[USER_ID] });
