import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/gateway/ttl-cache.js';

describe('TtlCache', () => {
  it('expires entries after the TTL, or at the time given to set', () => {
    const clock = { now: 0 };
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 10, now: () => clock.now });
    cache.set('a', 'A');
    cache.set('b', 'B', { expiresAt: 5000 });
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
    const cache = new TtlCache<number>({ ttlMs: 60_000, maxEntries: 3 });
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

  it('keeps at most maxBytes by the sizes given, dropping the least recently used first', () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, maxEntries: 100, maxBytes: 1000 });
    cache.set('a', 'A', { bytes: 400 });
    cache.set('b', 'B', { bytes: 400 });
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', { bytes: 400 });
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c')]).toEqual(['A', 'C']);
    expect(cache.bytes).toBe(800);
    cache.set('a', 'A2', { bytes: 100 });
    expect(cache.bytes).toBe(500);
    cache.set('huge', 'H', { bytes: 1001 });
    expect(cache.get('huge')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.bytes]).toEqual(['A2', 'C', 500]);
  });

  it('forgets the weight of an entry that expired', () => {
    const clock = { now: 0 };
    const cache = new TtlCache<string>({ ttlMs: 10, maxEntries: 10, maxBytes: 100, now: () => clock.now });
    cache.set('a', 'A', { bytes: 60 });
    clock.now = 10;
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 'B', { bytes: 60 });
    expect([cache.get('b'), cache.size, cache.bytes]).toEqual(['B', 1, 60]);
  });
});
