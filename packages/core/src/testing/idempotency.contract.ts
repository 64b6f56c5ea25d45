import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { ManualClock } from '../in-memory/clock.js';
import type { Idempotency } from '../ports/idempotency.js';
import { uniqueId } from './fixtures.js';

export interface IdempotencyContractOptions {
  /** The window the adapter is set up with, in seconds. */
  windowSeconds: number;
  /**
   * Builds the adapter on the given clock. Adapters whose expiry follows the wall clock (as the
   * Powertools layer's does) set `followsClock: false`, and the expiry test moves time for them
   * by waiting instead; keep such a window short.
   */
  setup: (clock: ManualClock) => Promise<Idempotency>;
  followsClock?: boolean;
}

const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : error);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every `Idempotency` adapter must have. */
export function describeIdempotencyContract(name: string, options: IdempotencyContractOptions): void {
  const { windowSeconds, setup, followsClock = true } = options;

  describe(`Idempotency contract: ${name}`, () => {
    const fresh = async () => {
      const clock = new ManualClock();
      return { clock, idempotency: await setup(clock) };
    };

    it('runs once and replays the first result for the same key and payload', async () => {
      const { idempotency } = await fresh();
      const key = uniqueId('key');
      let runs = 0;
      const request = { key, payload: { a: 1, b: [1, 2] }, run: async () => ({ n: ++runs, amount: 19.97 }) };
      expect(await idempotency.run(request)).toEqual({ value: { n: 1, amount: 19.97 }, replayed: false });
      expect(await idempotency.run({ ...request, payload: { b: [1, 2], a: 1 } })).toEqual({
        value: { n: 1, amount: 19.97 },
        replayed: true,
      });
      expect(runs).toBe(1);
    });

    it('replays the result with its keys in the same order', async () => {
      const { idempotency } = await fresh();
      const key = uniqueId('key');
      const value = { z: 1, a: { y: 2, b: 3 }, m: [{ q: 1, c: 2 }] };
      await idempotency.run({ key, payload: 1, run: async () => value });
      const replay = await idempotency.run({ key, payload: 1, run: async () => ({}) });
      expect(JSON.stringify(replay.value)).toBe(JSON.stringify(value));
    });

    it('keeps different keys apart', async () => {
      const { idempotency } = await fresh();
      const results = await Promise.all(
        [uniqueId('key'), uniqueId('key')].map((key) =>
          idempotency.run({ key, payload: 1, run: async () => key }),
        ),
      );
      expect(results.map((r) => r.replayed)).toEqual([false, false]);
    });

    it('refuses the same key with a different payload, keeping the first result', async () => {
      const { idempotency } = await fresh();
      const key = uniqueId('key');
      await idempotency.run({ key, payload: { a: 1 }, run: async () => 'first' });
      await expect(
        idempotency.run({ key, payload: { a: 2 }, run: async () => 'second' }).catch(codeOf),
      ).resolves.toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await idempotency.run({ key, payload: { a: 1 }, run: async () => 'third' })).toEqual({
        value: 'first',
        replayed: true,
      });
    });

    it('stores nothing when the run fails, so a corrected retry runs', async () => {
      const { idempotency } = await fresh();
      const key = uniqueId('key');
      await expect(
        idempotency.run({ key, payload: 1, run: async () => Promise.reject(new Error('boom')) }),
      ).rejects.toThrow('boom');
      expect(await idempotency.run({ key, payload: 2, run: async () => 'ok' })).toEqual({
        value: 'ok',
        replayed: false,
      });
    });

    it('refuses the same key while the first run is in flight', async () => {
      const { idempotency } = await fresh();
      const key = uniqueId('key');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = idempotency.run({ key, payload: 1, run: async () => gate.then(() => 'done') });
      await sleep(50);
      await expect(
        idempotency.run({ key, payload: 1, run: async () => 'again' }).catch(codeOf),
      ).resolves.toBe('IDEMPOTENCY_IN_PROGRESS');
      release();
      expect(await first).toEqual({ value: 'done', replayed: false });
    });

    it('runs exactly once for 20 concurrent requests with one key', async () => {
      const { idempotency } = await fresh();
      const key = uniqueId('key');
      let runs = 0;
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          idempotency
            .run({
              key,
              payload: { same: true },
              run: async () => {
                runs++;
                await sleep(30);
                return 'created';
              },
            })
            .then((r) => (r.replayed ? 'replayed' : 'ran'), codeOf),
        ),
      );
      expect(runs).toBe(1);
      expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
      expect(
        outcomes.every((o) => ['ran', 'replayed', 'IDEMPOTENCY_IN_PROGRESS'].includes(o as string)),
      ).toBe(true);
    });

    it('runs again once the window has passed', async () => {
      const { clock, idempotency } = await fresh();
      const key = uniqueId('key');
      await idempotency.run({ key, payload: 1, run: async () => 'first' });
      if (followsClock) clock.advance(windowSeconds + 1);
      else await sleep((windowSeconds + 1) * 1000);
      expect(await idempotency.run({ key, payload: 2, run: async () => 'second' })).toEqual({
        value: 'second',
        replayed: false,
      });
    });
  });
}
