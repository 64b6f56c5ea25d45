import { describe, expect, it } from 'vitest';
import {
  medianConfidenceRanks,
  metricLine,
  noiseBand,
  pairedLine,
  settle,
  verdictOf,
} from '../bench/report.js';

/** P(Binomial(n, ½) < k), the probability that fewer than k of n samples fall below the median. */
function binomialBelow(n: number, k: number): number {
  let sum = 0;
  let probability = 0.5 ** n;
  for (let i = 0; i < k; i++) {
    sum += probability;
    probability = (probability * (n - i)) / (i + 1);
  }
  return sum;
}

describe('the bench’s noise band', () => {
  it('uses the order statistics of a 95 % confidence interval for the median', () => {
    // The ranks of the usual tables of confidence intervals for a median.
    expect(medianConfidenceRanks(11)).toEqual([2, 10]);
    expect(medianConfidenceRanks(25)).toEqual([8, 18]);
    expect(medianConfidenceRanks(41)).toEqual([14, 28]);
    for (let n = 6; n <= 80; n++) {
      const [low, high] = medianConfidenceRanks(n);
      expect(low + high).toBe(n + 1);
      // Each tail holds at most 2.5 %, and one more rank would pass it.
      expect(binomialBelow(n, low)).toBeLessThanOrEqual(0.025);
      expect(binomialBelow(n, low + 1)).toBeGreaterThan(0.025);
    }
  });

  it('is the whole range when there are too few rounds for 95 %', () => {
    expect(medianConfidenceRanks(5)).toEqual([1, 5]);
    expect(noiseBand([3, 1, 2])).toEqual([1, 3]);
  });

  it('decides a figure only outside its band', () => {
    expect(verdictOf([1.1, 1.2], 1.3)).toBe('met');
    expect(verdictOf([1.1, 1.3], 1.3)).toBe('met');
    expect(verdictOf([1.2, 1.4], 1.3)).toBe('noise');
    expect(verdictOf([1.31, 1.4], 1.3)).toBe('missed');
  });

  it('pairs each round’s samples, so a slow round moves both sides alike', () => {
    // The machine gets three times slower half-way: the per-round ratio stays 1.2.
    const pairs = Array.from({ length: 12 }, (_, index) => {
      const load = index < 6 ? 1 : 3;
      return { value: 12 * load, reference: 10 * load };
    });
    const line = pairedLine('figure', pairs, 1.3);
    expect(line.ratio).toBe(1.2);
    expect(line.band).toEqual([1.2, 1.2]);
    expect(line.verdict).toBe('met');
    expect(line.ok).toBe(true);
    expect(line.rounds).toBe(12);
    expect(line.spread?.reference).toEqual([10, 30]);
  });

  it('calls a figure that straddles its target noise, and one clearly over it missed', () => {
    const straddling = Array.from({ length: 11 }, (_, index) => ({ value: 1 + index * 0.06, reference: 1 }));
    expect(pairedLine('straddling', straddling, 1.3).verdict).toBe('noise');
    const over = Array.from({ length: 11 }, (_, index) => ({ value: 2 + index * 0.01, reference: 1 }));
    const line = pairedLine('over', over, 1.3);
    expect(line.verdict).toBe('missed');
    expect(line.ok).toBe(false);
  });

  it('judges deterministic figures exactly, absolute caps included', () => {
    expect(metricLine('bytes', 150, 100, 1.5).verdict).toBe('met');
    expect(metricLine('bytes', 151, 100, 1.5).verdict).toBe('missed');
    expect(metricLine('bytes', 100, 100, 1.5, false).verdict).toBe('missed');
  });
});

describe('settle', () => {
  it('stops at the minimum when every figure is decided', async () => {
    let rounds = 0;
    const pairs = await settle({
      label: 'test',
      targets: { fast: 1.3 },
      minRounds: 8,
      maxRounds: 40,
      round: async () => {
        rounds++;
        return { fast: { value: 1 + (rounds % 3) * 0.01, reference: 1 } };
      },
    });
    expect(rounds).toBe(8);
    expect(pairs.fast).toHaveLength(8);
  });

  it('measures more rounds while a band straddles its target, up to the maximum', async () => {
    let rounds = 0;
    const pairs = await settle({
      label: 'test',
      targets: { decided: 2, onTheLine: 1.3 },
      minRounds: 8,
      maxRounds: 20,
      round: async () => {
        rounds++;
        return {
          decided: { value: 1, reference: 1 },
          onTheLine: { value: rounds % 2 === 0 ? 1.2 : 1.4, reference: 1 },
        };
      },
    });
    expect(rounds).toBe(20);
    expect(pairedLine('onTheLine', pairs.onTheLine, 1.3).verdict).toBe('noise');
    expect(pairedLine('decided', pairs.decided, 2).verdict).toBe('met');
  });
});
