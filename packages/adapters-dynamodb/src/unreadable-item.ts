import type { FieldIssue } from '@app/core';

/** A stored item that cannot be read as a User/Order: where it is and what is wrong with it. */
export interface UnreadableItemReport {
  table: string;
  key: Record<string, unknown>;
  issues: FieldIssue[];
}

/** Told about every unreadable item a repository meets, once per read. */
export type UnreadableItemHandler = (report: UnreadableItemReport) => void;

/**
 * The default when no handler is given: one JSON line at ERROR on stderr, so an unreadable item
 * is never dropped silently. The Lambda functions pass their Powertools logger and metrics instead.
 */
export const logUnreadableItem: UnreadableItemHandler = (report) => {
  console.error(JSON.stringify({ level: 'ERROR', message: 'Unreadable item', unreadableItem: report }));
};

/**
 * Thrown by a single read of an unreadable item (get, or a write that returns the item): the
 * HTTP edge answers a generic 500. The report has already gone to the handler.
 */
export class UnreadableItemError extends Error {
  override readonly name = 'UnreadableItemError';

  constructor(readonly report: UnreadableItemReport) {
    super(`An item of table ${report.table} cannot be read.`);
  }
}

/** What a layout makes of a stored item. */
export type ItemReading<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };
