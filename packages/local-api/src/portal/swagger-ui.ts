import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * Swagger UI over `/openapi.json`, served from the `swagger-ui-dist` package (no CDN): the page
 * at `/docs`, its script and style sheet under `/docs/…`. "Try it out" calls the same origin
 * (the document's server is `/`), with the token pasted under "Authorize".
 */
export const DOCS_PATH = '/docs';

/** The package files the page uses (and their source maps); nothing else is served. */
const ASSETS = /^(swagger-ui\.css|swagger-ui-bundle\.js|index\.css|favicon-(16x16|32x32)\.png)(\.map)?$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Local API docs: users and orders</title>
    <link rel="stylesheet" type="text/css" href="${DOCS_PATH}/swagger-ui.css">
    <link rel="stylesheet" type="text/css" href="${DOCS_PATH}/index.css">
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_PATH}/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="${DOCS_PATH}/initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
};
`;

const assetCache = new Map<string, Buffer>();

/** The `/docs` page. */
export function swaggerUiPage(): APIGatewayProxyResult {
  return textResponse(PAGE, 'text/html; charset=utf-8');
}

/**
 * A file under `/docs/`, or `undefined` when it is not one the page uses, or the installed
 * package does not have it (not every file has a source map).
 */
export function swaggerUiAsset(name: string): APIGatewayProxyResult | undefined {
  if (name === 'initializer.js') return textResponse(INITIALIZER, CONTENT_TYPES['.js'] ?? '');
  if (!ASSETS.test(name)) return undefined;
  let content = assetCache.get(name);
  if (content === undefined) {
    content = readAsset(name);
    if (content === undefined) return undefined;
    assetCache.set(name, content);
  }
  return {
    statusCode: 200,
    headers: { 'Content-Type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', ...NO_STORE },
    body: content.toString('base64'),
    isBase64Encoded: true,
  };
}

function readAsset(name: string): Buffer | undefined {
  try {
    return readFileSync(join(swaggerUiFolder(), name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The installed `swagger-ui-dist` folder. */
export function swaggerUiFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

function textResponse(body: string, contentType: string): APIGatewayProxyResult {
  return { statusCode: 200, headers: { 'Content-Type': contentType, ...NO_STORE }, body };
}
