import type { CoreServices } from '@app/core';
import type { Observability } from '../observability/observability.js';

/** What each orders function is built from. */
export interface OrdersHandlerDependencies {
  services: Pick<CoreServices, 'orders'>;
  /** Only to fill `Principal.isAdmin`; no orders rule depends on it. */
  adminGroup: string;
  observability: Observability;
}
