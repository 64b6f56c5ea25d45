import { config, memoizer } from 'zod/mini';
import { globalConfig } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

/**
 * The core's schemas are built with `zod/mini`: the same checks, issues, parsing and JSON Schema
 * as `zod`, without `zod`'s method-per-schema API, so they cost a Lambda function far less to
 * load and build at cold start. `zod` installs two global defaults on its first schema that
 * `zod/mini` leaves out; this installs them the same way (only where nothing is set yet), so a
 * process that never loads `zod` parses exactly as one that does: English issue messages, and
 * the memoizer that gives containers cycle support. Call it before building schemas.
 */
export function ensureZodDefaults(): void {
  if (!globalConfig.localeError) config(en());
  if (!globalConfig.memoizer) config({ memoizer: memoizer() });
}
