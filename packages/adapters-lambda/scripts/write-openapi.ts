import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApiDocument } from '../src/openapi.js';

/** `pnpm --filter @app/adapters-lambda openapi`: regenerates the committed `openapi.json`. */
export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));

writeFileSync(OPENAPI_FILE, renderOpenApiDocument());
console.log(`Wrote ${OPENAPI_FILE}`);
