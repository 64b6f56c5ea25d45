#!/usr/bin/env node
// `npm run token`: the local API's token CLI, from its build (`packages/local-api/dist`), which
// `npm start`, `npm run dev` and `pnpm build` write. Plain Node.js: no install of tsx, no
// TypeScript compiled per call.
import { existsSync } from 'node:fs';

const entry = new URL('../packages/local-api/dist/cli/token-main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'The token CLI is not built yet. Run `npm start` once (it installs and builds everything), or `pnpm install && pnpm build`, then try again.\n',
  );
  process.exit(1);
}
await import(entry.href);
