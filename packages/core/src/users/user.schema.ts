import * as z from 'zod/mini';
import { IdSchema } from '../shared/identifiers.js';
import { ensureZodDefaults } from '../shared/zod-defaults.js';

ensureZodDefaults();

const NameSchema = z.string().check(z.minLength(1), z.maxLength(200), z.regex(/\S/, 'must not be blank'));
const EmailSchema = z.email().check(z.maxLength(254));

/** A stored user, as every users route returns it. */
export const UserSchema = z.strictObject({
  userid: IdSchema,
  name: NameSchema,
  email: z.optional(EmailSchema),
  timestamp: z.iso.datetime(),
});
export type User = z.infer<typeof UserSchema>;

/** `POST /users` (admin): the id is generated when absent. */
export const CreateUserInputSchema = z.strictObject({
  userid: z.optional(IdSchema),
  name: NameSchema,
  email: z.optional(EmailSchema),
});
export type CreateUserInput = z.infer<typeof CreateUserInputSchema>;

/**
 * `PUT /users/{userid}`: create or replace. `userid` and `timestamp` are read-only: they may be
 * echoed with the current value (a client sending back what it got), never changed.
 */
export const ReplaceUserInputSchema = z.strictObject({
  name: NameSchema,
  email: z.optional(EmailSchema),
  userid: z.optional(z.unknown()),
  timestamp: z.optional(z.unknown()),
});
export type ReplaceUserInput = z.infer<typeof ReplaceUserInputSchema>;
