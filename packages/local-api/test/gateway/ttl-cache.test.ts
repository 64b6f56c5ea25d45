import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/gateway/ttl-cache.js';

describe('TtlCache', () => {
  it('expires entries after the TTL, or at the time given to set', () => {
    const clock = { now: 0 };
    const cache = new TtlCache<string>(1000, 10, () => clock.now);
    cache.set('a', 'A');
    cache.set('b', 'B', 5000);
    clock.now = 999;
    expect(cache.get('a')).toBe('A');
    clock.now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('B');
    clock.now = 5000;
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the least recently used first', () => {
    const cache = new TtlCache<number>(60_000, 3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('a')).toBe(1);
    cache.set('d', 4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
    cache.set('e', 5);
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('c'), cache.get('d'), cache.get('e')]).toEqual([3, 4, 5]);
    expect(cache.size).toBe(3);
  });
});
