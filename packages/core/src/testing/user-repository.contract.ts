import { beforeAll, describe, expect, it } from 'vitest';
import type { UserRepository } from '../users/user.repository.js';
import type { User } from '../users/user.schema.js';
import { sampleUser, uniqueId } from './fixtures.js';

/** The behaviour every `UserRepository` must have; tests use fresh ids, so one store serves all. */
export function describeUserRepositoryContract(name: string, setup: () => Promise<UserRepository>): void {
  describe(`UserRepository contract: ${name}`, () => {
    let repo: UserRepository;
    beforeAll(async () => {
      repo = await setup();
    });

    it('creates a user once and reads it back', async () => {
      const user = sampleUser();
      expect(await repo.create(user)).toBe(true);
      expect(await repo.get(user.userid)).toEqual(user);
    });

    it('stores a user without an email without inventing one', async () => {
      const { email: _, ...user } = sampleUser();
      await repo.create(user);
      expect(await repo.get(user.userid)).toEqual(user);
    });

    it('refuses to create a user whose id exists, keeping the stored one', async () => {
      const user = sampleUser();
      await repo.create(user);
      expect(await repo.create({ ...user, name: 'Someone else' })).toBe(false);
      expect(await repo.get(user.userid)).toEqual(user);
    });

    it('lets exactly one of 20 concurrent creations with one id win', async () => {
      const userid = uniqueId('user');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => repo.create(sampleUser({ userid, name: `Name ${i}` }))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('returns undefined for a missing user', async () => {
      expect(await repo.get(uniqueId('user'))).toBeUndefined();
    });

    it('replaces a user, or creates it when absent', async () => {
      const user = sampleUser();
      expect(await repo.replace(user)).toEqual({ ok: true, user });
      const renamed: User = { ...user, name: 'Renamed', timestamp: '2026-02-01T00:00:00.000Z' };
      expect(await repo.replace(renamed)).toEqual({ ok: true, user: renamed });
      expect(await repo.get(user.userid)).toEqual(renamed);
    });

    it('drops an email the replacement leaves out', async () => {
      const user = sampleUser();
      await repo.create(user);
      const { email: _, ...withoutEmail } = user;
      await repo.replace(withoutEmail);
      expect(await repo.get(user.userid)).toEqual(withoutEmail);
    });

    it('replaces only when the expected timestamp is the stored one', async () => {
      const user = sampleUser();
      await repo.create(user);
      const next = { ...user, name: 'Next', timestamp: '2026-03-01T00:00:00.000Z' };
      expect(await repo.replace(next, '2000-01-01T00:00:00.000Z')).toEqual({
        ok: false,
        reason: 'stale-timestamp',
      });
      expect(await repo.get(user.userid)).toEqual(user);
      expect(await repo.replace(next, user.timestamp)).toEqual({ ok: true, user: next });
    });

    it('refuses an expected timestamp for a user that does not exist', async () => {
      const user = sampleUser();
      expect(await repo.replace(user, user.timestamp)).toEqual({ ok: false, reason: 'stale-timestamp' });
      expect(await repo.get(user.userid)).toBeUndefined();
    });

    it('deletes a user once', async () => {
      const user = sampleUser();
      await repo.create(user);
      expect(await repo.delete(user.userid)).toBe(true);
      expect(await repo.get(user.userid)).toBeUndefined();
      expect(await repo.delete(user.userid)).toBe(false);
    });

    it('pages over every user exactly once', async () => {
      const prefix = uniqueId('page');
      const ids = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}`);
      for (const userid of ids) await repo.create(sampleUser({ userid }));
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 1000; pages++) {
        const page = await repo.list({ limit: 3, ...(after === undefined ? {} : { after }) });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((user) => user.userid));
        if (page.lastKey === undefined) break;
        after = page.lastKey;
      }
      expect(seen.filter((id) => id.startsWith(prefix)).sort()).toEqual([...ids].sort());
      expect(new Set(seen).size).toBe(seen.length);
    });
  });
}
