import * as z from 'zod';
import { IdSchema } from '../shared/identifiers.js';

const NameSchema = z.string().min(1).max(200).regex(/\S/, 'must not be blank');
const EmailSchema = z.email().max(254);

/** A stored user, as every users route returns it. */
export const UserSchema = z.strictObject({
  userid: IdSchema,
  name: NameSchema,
  email: EmailSchema.optional(),
  timestamp: z.iso.datetime(),
});
export type User = z.infer<typeof UserSchema>;

/** `POST /users` (admin): the id is generated when absent. */
export const CreateUserInputSchema = z.strictObject({
  userid: IdSchema.optional(),
  name: NameSchema,
  email: EmailSchema.optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInputSchema>;

/**
 * `PUT /users/{userid}`: create or replace. `userid` and `timestamp` are read-only: they may be
 * echoed with the current value (a client sending back what it got), never changed.
 */
export const ReplaceUserInputSchema = z.strictObject({
  name: NameSchema,
  email: EmailSchema.optional(),
  userid: z.unknown().optional(),
  timestamp: z.unknown().optional(),
});
export type ReplaceUserInput = z.infer<typeof ReplaceUserInputSchema>;
