import type { UnreadableItemHandler } from '@app/adapters-dynamodb/repositories';
import { METRIC_NAMES } from './metric-names.js';
import type { Observability } from './observability.js';

/**
 * What a function does with a stored item its repository cannot read: an ERROR line with the
 * item's table, key and failing fields (never its content), and one `UnreadableItem` count,
 * published with the invocation's other metrics.
 */
export const reportUnreadableItems =
  ({ logger, metrics }: Observability): UnreadableItemHandler =>
  (report) => {
    logger.error('Unreadable item', { unreadableItem: report });
    metrics.addMetric(METRIC_NAMES.UnreadableItem, 'Count', 1);
  };
