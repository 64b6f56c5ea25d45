import { ROUTES, type RouteDefinition } from '../routes.js';

export interface RouteMatch {
  route: RouteDefinition;
  /** URL-decoded, as API Gateway passes them; `null` when the resource has none. */
  pathParameters: Record<string, string> | null;
}

interface CompiledRoute {
  route: RouteDefinition;
  segments: readonly string[];
}

/**
 * API Gateway's resource matching over the route manifest: a `{param}` segment matches one
 * non-empty path segment; a path that matches no resource, or a resource without that method,
 * is unknown (API Gateway answers `Missing Authentication Token` for both).
 */
export class RouteTable {
  readonly #routes: readonly CompiledRoute[];

  constructor(routes: readonly RouteDefinition[] = ROUTES) {
    this.#routes = routes.map((route) => ({ route, segments: splitPath(route.path) }));
  }

  /** `rawPath` is the path as sent (still percent-encoded), without the query string. */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const segments = splitPath(rawPath);
    for (const { route, segments: template } of this.#routes) {
      if (route.method !== method || template.length !== segments.length) continue;
      const parameters = matchSegments(template, segments);
      if (parameters === undefined) continue;
      return { route, pathParameters: Object.keys(parameters).length === 0 ? null : parameters };
    }
    return undefined;
  }
}

/** Path segments; one trailing slash is ignored, as API Gateway does. */
function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

function matchSegments(
  template: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const segment = segments[index] ?? '';
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (safeDecode(segment) !== part) return undefined;
      continue;
    }
    if (segment.length === 0) return undefined;
    parameters[name] = safeDecode(segment) ?? segment;
  }
  return parameters;
}

/** The decoded segment; a malformed escape is passed through as sent, for the handler to refuse. */
function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
