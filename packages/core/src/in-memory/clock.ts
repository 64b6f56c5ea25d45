import type { Clock } from '../ports/clock.js';

/**
 * A clock that can be moved forward: frozen at `start` when one is given (tests), else the wall
 * clock (the local server's `/local/clock` route), plus every `advance`.
 */
export class ManualClock implements Clock {
  #offsetMs = 0;
  readonly #start: number | undefined;

  constructor(start?: Date) {
    this.#start = start?.getTime();
  }

  now(): Date {
    return new Date((this.#start ?? Date.now()) + this.#offsetMs);
  }

  advance(seconds: number): Date {
    this.#offsetMs += seconds * 1000;
    return this.now();
  }
}
