import { describe, expect, it } from 'vitest';
import {
  acknowledgeRejection,
  CANCEL_WINDOW_SECONDS,
  canCancel,
  cancelCutoff,
  cancelRejection,
  canEdit,
  createReadOnlyViolation,
  editRejection,
  sameContent,
} from '../src/orders/order.rules.js';
import type { Order } from '../src/orders/order.schema.js';
import { sampleContent, sampleOrder } from '../src/testing/fixtures.js';

const placedAt = (orderTime: string): Order => sampleOrder({ orderTime });
const secondsAfter = (order: Order, seconds: number) =>
  new Date(Date.parse(order.orderTime) + seconds * 1000);

describe('order rules', () => {
  it('has a 600-second cancel window', () => {
    expect(CANCEL_WINDOW_SECONDS).toBe(600);
  });

  it.each([
    ['PLACED', true],
    ['ACKNOWLEDGED', false],
    ['CANCELED', false],
  ] as const)('canEdit is %s → %s', (status, expected) => {
    expect(canEdit({ status })).toBe(expected);
  });

  it('allows a cancel 599 seconds after the order was placed', () => {
    const order = placedAt('2026-01-01T12:00:00Z');
    expect(canCancel(order, secondsAfter(order, 599))).toBe(true);
    expect(canCancel(order, secondsAfter(order, 599.999))).toBe(true);
  });

  it('refuses to cancel an order 600 seconds after it was placed', () => {
    const order = placedAt('2026-01-01T12:00:00Z');
    expect(canCancel(order, secondsAfter(order, 600))).toBe(false);
    expect(cancelRejection(order, secondsAfter(order, 600))).toEqual({
      reason: 'too-late',
      secondsSincePlaced: 600,
    });
  });

  it('refuses to cancel an order that is not PLACED, whatever the time', () => {
    const order = sampleOrder({ status: 'ACKNOWLEDGED' });
    expect(canCancel(order, secondsAfter(order, 1))).toBe(false);
    expect(cancelRejection(order, secondsAfter(order, 1))).toEqual({
      reason: 'wrong-status',
      status: 'ACKNOWLEDGED',
    });
  });

  it('reports a missing order as absent for every transition', () => {
    expect(cancelRejection(undefined, new Date())).toEqual({ reason: 'absent' });
    expect(editRejection(undefined, {})).toEqual({ reason: 'absent' });
    expect(acknowledgeRejection(undefined)).toEqual({ reason: 'absent' });
  });

  it('gives the cancel cutoff in the stored time format, 600 seconds back, truncated to seconds', () => {
    expect(cancelCutoff(new Date('2026-01-01T12:10:00.750Z'))).toBe('2026-01-01T12:00:00Z');
  });

  it('lets an edit echo the current status and orderTime', () => {
    const order = sampleOrder();
    expect(editRejection(order, { status: 'PLACED', orderTime: order.orderTime })).toBeUndefined();
  });

  it.each([
    ['status', { status: 'CANCELED' }],
    ['orderTime', { orderTime: '1999-01-01T00:00:00Z' }],
  ] as const)('refuses an edit that changes the read-only %s', (field, echo) => {
    expect(editRejection(sampleOrder(), echo)).toEqual({ reason: 'read-only', field });
  });

  it('refuses an edit of an order that is not PLACED before looking at echoes', () => {
    expect(editRejection(sampleOrder({ status: 'CANCELED' }), { status: 'PLACED' })).toEqual({
      reason: 'wrong-status',
      status: 'CANCELED',
    });
  });

  it.each([
    [{}, undefined],
    [{ userId: 'me', status: 'PLACED' }, undefined],
    [{ userId: 'someone-else' }, 'userId'],
    [{ status: 'CANCELED' }, 'status'],
    [{ orderTime: '2026-01-01T12:00:00Z' }, 'orderTime'],
  ] as const)('checks the read-only fields of a create request %j', (echo, expected) => {
    expect(createReadOnlyViolation(echo, 'me')).toBe(expected);
  });

  it('compares order content regardless of key order, but not of item order', () => {
    const content = sampleContent();
    const reordered = {
      totalAmount: content.totalAmount,
      orderItems: content.orderItems,
      restaurantId: content.restaurantId,
    };
    expect(sameContent(content, reordered)).toBe(true);
    expect(sameContent(content, { ...content, orderItems: [...content.orderItems].reverse() })).toBe(false);
    expect(sameContent(content, { ...content, totalAmount: 19.98 })).toBe(false);
  });
});
