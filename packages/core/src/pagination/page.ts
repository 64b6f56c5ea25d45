import * as z from 'zod';

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

const LimitSchema = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^[0-9]{1,3}$/, 'must be a whole number')
      .transform(Number),
  ])
  .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE));

/** Query parameters of every list route; values may arrive as query strings. */
export const ListQuerySchema = z.strictObject({
  limit: LimitSchema.optional(),
  nextToken: z.string().min(1).max(2048).optional(),
});

export type ListQuery = z.input<typeof ListQuerySchema>;
