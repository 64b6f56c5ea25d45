import * as z from 'zod/mini';
import { ensureZodDefaults } from '../shared/zod-defaults.js';

ensureZodDefaults();

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

/** What a repository is asked for: at most `limit` items, strictly after the key `after`. */
export interface PageRequest {
  limit: number;
  after?: string;
}

/** A page of items; `lastKey` is set when more items may follow. */
export interface Page<T> {
  items: T[];
  lastKey?: string;
}

/** A page as the API returns it: the position is an opaque, signed `nextToken`. */
export interface ListResult<T> {
  items: T[];
  nextToken?: string;
}

const LimitSchema = z.pipe(
  z.union([
    z.number(),
    z.pipe(z.string().check(z.regex(/^[0-9]{1,3}$/, 'must be a whole number')), z.transform(Number)),
  ]),
  z.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE)),
);

/** Query parameters of every list route; values may arrive as query strings. */
export const ListQuerySchema = z.strictObject({
  limit: z.optional(LimitSchema),
  nextToken: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export type ListQuery = z.input<typeof ListQuerySchema>;
