import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CANCEL_WINDOW_SECONDS,
  canCancel,
  cancelCutoff,
  createReadOnlyViolation,
  editRejection,
} from '../src/orders/order.rules.js';
import { ORDER_STATUSES } from '../src/orders/order.schema.js';
import { toSecondsIso } from '../src/shared/time.js';
import { sampleOrder } from '../src/testing/fixtures.js';

// Whole-second order times between 2000 and 2100, as the server stores them.
const orderTimeArb = fc
  .integer({ min: 946_684_800, max: 4_102_444_800 })
  .map((s) => toSecondsIso(new Date(s * 1000)));

describe('order rules (properties)', () => {
  it('allows a cancel exactly while fewer than 600 seconds have passed, for any order time', () => {
    fc.assert(
      fc.property(orderTimeArb, fc.integer({ min: -5_000, max: 5_000_000 }), (orderTime, elapsedMs) => {
        const order = sampleOrder({ orderTime });
        const now = new Date(Date.parse(orderTime) + elapsedMs);
        expect(canCancel(order, now)).toBe(elapsedMs < CANCEL_WINDOW_SECONDS * 1000);
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the 599/600-second boundary in the same place for any order time', () => {
    fc.assert(
      fc.property(orderTimeArb, (orderTime) => {
        const order = sampleOrder({ orderTime });
        const at = (s: number) => new Date(Date.parse(orderTime) + s * 1000);
        expect(canCancel(order, at(599))).toBe(true);
        expect(canCancel(order, at(600))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('matches the storage condition orderTime > cancelCutoff(now) to the millisecond', () => {
    fc.assert(
      fc.property(orderTimeArb, fc.integer({ min: 0, max: 1_300_000 }), (orderTime, elapsedMs) => {
        const now = new Date(Date.parse(orderTime) + elapsedMs);
        expect(orderTime > cancelCutoff(now)).toBe(canCancel(sampleOrder({ orderTime }), now));
      }),
      { numRuns: 2000 },
    );
  });

  it('lets a create through only when every read-only echo is the server value', () => {
    const echoArb = fc.record(
      {
        userId: fc.oneof(fc.constant('me'), fc.jsonValue()),
        status: fc.oneof(fc.constant('PLACED'), fc.jsonValue()),
        orderTime: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(echoArb, (echo) => {
        const valid =
          (echo.userId === undefined || echo.userId === 'me') &&
          (echo.status === undefined || echo.status === 'PLACED') &&
          echo.orderTime === undefined;
        expect(createReadOnlyViolation(echo, 'me') === undefined).toBe(valid);
      }),
      { numRuns: 1000 },
    );
  });

  it('lets an edit through only for a PLACED order whose echoes equal the stored values', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_STATUSES),
        orderTimeArb,
        fc.option(fc.oneof(fc.constantFrom(...ORDER_STATUSES), fc.jsonValue()), { nil: undefined }),
        fc.option(fc.oneof(orderTimeArb, fc.jsonValue()), { nil: undefined }),
        (status, orderTime, echoedStatus, echoedTime) => {
          const order = sampleOrder({ status, orderTime });
          const allowed =
            status === 'PLACED' &&
            (echoedStatus === undefined || echoedStatus === status) &&
            (echoedTime === undefined || echoedTime === orderTime);
          expect(editRejection(order, { status: echoedStatus, orderTime: echoedTime }) === undefined).toBe(
            allowed,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
