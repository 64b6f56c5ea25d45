/** The source of "now" for order times, the cancel window and idempotency expiry. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
