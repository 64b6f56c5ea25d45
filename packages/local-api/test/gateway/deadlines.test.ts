import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from '../../src/gateway/deadlines.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Deadlines', () => {
  it('times out each invocation at its own deadline, oldest first, unless it settled', () => {
    const deadlines = new Deadlines(100);
    const timedOut: string[] = [];
    const first = deadlines.start(() => timedOut.push('first'));
    vi.advanceTimersByTime(30);
    const second = deadlines.start(() => timedOut.push('second'));
    vi.advanceTimersByTime(30);
    const third = deadlines.start(() => timedOut.push('third'));

    expect(deadlines.settle(second)).toBe(true);
    vi.advanceTimersByTime(39);
    expect(timedOut).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(timedOut).toEqual(['first']);
    vi.advanceTimersByTime(59);
    expect(timedOut).toEqual(['first']);
    vi.advanceTimersByTime(1);
    expect(timedOut).toEqual(['first', 'third']);

    expect(deadlines.settle(first)).toBe(false);
    expect(deadlines.settle(third)).toBe(false);
    expect(deadlines.settle(second)).toBe(false);
  });

  it('keeps timing invocations that start after the others settled', () => {
    const deadlines = new Deadlines(50);
    const timedOut: number[] = [];
    for (let index = 0; index < 5; index++) {
      expect(deadlines.settle(deadlines.start(() => timedOut.push(index)))).toBe(true);
      vi.advanceTimersByTime(20);
    }
    deadlines.start(() => timedOut.push(99));
    vi.advanceTimersByTime(50);
    expect(timedOut).toEqual([99]);
  });
});
