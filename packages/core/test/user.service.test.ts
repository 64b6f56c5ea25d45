import { describe, expect, it } from 'vitest';
import { admin, codeOf, customer, errorOf, makeServices, START } from './helpers/services.js';

describe('UserService', () => {
  describe('create', () => {
    it('lets an admin create a user with a generated UUID v4 and the server timestamp', async () => {
      // prepare
      const { users } = makeServices();
      // act
      const user = await users.create(admin(), { name: 'Jane', email: 'jane@example.com' });
      // assess
      expect(user).toEqual({
        userid: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ),
        name: 'Jane',
        email: 'jane@example.com',
        timestamp: START.toISOString(),
      });
      expect(await users.get(admin(), user.userid)).toEqual(user);
    });

    it('keeps a given userid and refuses a second user with it', async () => {
      const { users } = makeServices();
      await users.create(admin(), { userid: 'u-1', name: 'First' });
      expect(await codeOf(users.create(admin(), { userid: 'u-1', name: 'Second' }))).toBe('USER_EXISTS');
      expect((await users.get(admin(), 'u-1')).name).toBe('First');
    });

    it('refuses a regular user', async () => {
      const { users } = makeServices();
      expect(await codeOf(users.create(customer(), { name: 'Jane' }))).toBe('FORBIDDEN');
    });

    it.each([
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'Jane', email: 'nope' }, 'email'],
      [{ name: 'Jane', userid: 'a/b' }, 'userid'],
      [{ name: 'Jane', timestamp: '2020-01-01T00:00:00Z' }, 'timestamp'],
      [{ name: 'Jane', isAdmin: true }, 'isAdmin'],
    ])('refuses %j naming %s', async (input, path) => {
      const { users } = makeServices();
      const error = await errorOf(users.create(admin(), input));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.issues.map((issue) => issue.path)).toContain(path);
    });
  });

  describe('get', () => {
    it('lets the owner read their user and refuses anyone else but admins', async () => {
      const { users } = makeServices();
      const user = await users.create(admin(), { userid: 'user-1', name: 'Jane' });
      expect(await users.get(customer('user-1'), 'user-1')).toEqual(user);
      expect(await codeOf(users.get(customer('user-2'), 'user-1'))).toBe('FORBIDDEN');
    });

    it('answers USER_NOT_FOUND for a missing user', async () => {
      const { users } = makeServices();
      expect(await codeOf(users.get(customer('ghost'), 'ghost'))).toBe('USER_NOT_FOUND');
    });

    it('refuses a malformed id before anything else', async () => {
      const { users } = makeServices();
      expect(await codeOf(users.get(admin(), '../x'))).toBe('VALIDATION_FAILED');
    });
  });

  describe('replace', () => {
    it('creates the caller’s own profile when absent', async () => {
      const { users } = makeServices();
      const user = await users.replace(customer('user-1'), 'user-1', { name: 'Me' });
      expect(user).toEqual({ userid: 'user-1', name: 'Me', timestamp: START.toISOString() });
    });

    it('replaces a user and sets a new timestamp, accepting echoed userid and timestamp', async () => {
      const { users, clock } = makeServices();
      const first = await users.replace(customer('user-1'), 'user-1', {
        name: 'Me',
        email: 'me@example.com',
      });
      clock.advance(5);
      const second = await users.replace(customer('user-1'), 'user-1', { ...first, name: 'Me again' });
      expect(second).toEqual({
        userid: 'user-1',
        name: 'Me again',
        email: 'me@example.com',
        timestamp: clock.now().toISOString(),
      });
    });

    it.each([
      [{ name: 'Me', userid: 'user-2' }, 'userid'],
      [{ name: 'Me', timestamp: '1999-01-01T00:00:00.000Z' }, 'timestamp'],
      [{ name: 'Me', timestamp: 12 }, 'timestamp'],
    ])('refuses a changed read-only field %j', async (input, field) => {
      const { users } = makeServices();
      const original = await users.replace(customer('user-1'), 'user-1', { name: 'Me' });
      const error = await errorOf(users.replace(customer('user-1'), 'user-1', input));
      expect([error.code, error.issues[0]?.path]).toEqual(['READ_ONLY_FIELD', field]);
      expect(await users.get(customer('user-1'), 'user-1')).toEqual(original);
    });

    it('refuses another user’s profile to a regular user, allows it to an admin', async () => {
      const { users } = makeServices();
      expect(await codeOf(users.replace(customer('user-2'), 'user-1', { name: 'Hijack' }))).toBe('FORBIDDEN');
      expect((await users.replace(admin(), 'user-1', { name: 'By admin' })).name).toBe('By admin');
    });
  });

  describe('delete', () => {
    it('deletes once, then answers USER_NOT_FOUND', async () => {
      const { users } = makeServices();
      await users.replace(customer('user-1'), 'user-1', { name: 'Me' });
      await users.delete(customer('user-1'), 'user-1');
      expect(await codeOf(users.delete(customer('user-1'), 'user-1'))).toBe('USER_NOT_FOUND');
    });

    it('refuses to delete another user to a regular user', async () => {
      const { users } = makeServices();
      await users.replace(customer('user-1'), 'user-1', { name: 'Me' });
      expect(await codeOf(users.delete(customer('user-2'), 'user-1'))).toBe('FORBIDDEN');
      expect(await codeOf(users.get(customer('user-1'), 'user-1'))).toBe('resolved');
    });
  });

  describe('list', () => {
    it('pages with a signed nextToken bound to the caller', async () => {
      const { users } = makeServices();
      for (const userid of ['a', 'b', 'c']) await users.create(admin(), { userid, name: userid });
      const first = await users.list(admin(), { limit: '2' });
      expect(first.items.map((u) => u.userid)).toEqual(['a', 'b']);
      const second = await users.list(admin(), { limit: 2, nextToken: first.nextToken });
      expect(second).toEqual({ items: [expect.objectContaining({ userid: 'c' })] });
      expect(await codeOf(users.list(admin('admin-2'), { nextToken: first.nextToken }))).toBe(
        'INVALID_CURSOR',
      );
    });

    it('refuses regular users', async () => {
      const { users } = makeServices();
      expect(await codeOf(users.list(customer()))).toBe('FORBIDDEN');
    });

    it.each([
      { limit: '0' },
      { limit: '101' },
      { limit: 'ten' },
      { limit: '1.5' },
      { nextToken: '' },
      { sort: 'name' },
    ])('refuses the query %j', async (query) => {
      const { users } = makeServices();
      expect(await codeOf(users.list(admin(), query))).toBe('VALIDATION_FAILED');
    });
  });
});
