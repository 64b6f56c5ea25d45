import { type HttpMethod, ROUTES, type RouteDefinition } from '@app/adapters-lambda';

export interface RouteMatch {
  route: RouteDefinition;
  /** URL-decoded, as API Gateway passes them; `null` when the resource has none. */
  pathParameters: Record<string, string> | null;
}

/** A template segment: a literal to equal (after decoding), or a `{param}` to capture. */
type TemplateSegment =
  | { literal: string; parameter?: undefined }
  | { literal?: undefined; parameter: string };

interface CompiledRoute {
  route: RouteDefinition;
  segments: readonly TemplateSegment[];
}

/**
 * API Gateway's resource matching over the route manifest: a `{param}` segment matches one
 * non-empty path segment; a path that matches no resource, or a resource without that method,
 * is unknown (API Gateway answers `Missing Authentication Token` for both). Templates are
 * compiled once, per method, in manifest order.
 */
export class RouteTable {
  readonly #byMethod = new Map<string, CompiledRoute[]>();
  readonly #all: CompiledRoute[] = [];

  constructor(routes: readonly RouteDefinition[] = ROUTES) {
    for (const route of routes) {
      const segments = splitPath(route.path).map((part): TemplateSegment => {
        const parameter = /^\{(\w+)\}$/.exec(part)?.[1];
        return parameter === undefined ? { literal: part } : { parameter };
      });
      const compiled = this.#byMethod.get(route.method) ?? [];
      compiled.push({ route, segments });
      this.#all.push({ route, segments });
      this.#byMethod.set(route.method, compiled);
    }
  }

  /** `rawPath` is the path as sent (still percent-encoded), without the query string. */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const candidates = this.#byMethod.get(method);
    if (candidates === undefined) return undefined;
    const segments = splitPath(rawPath);
    for (const { route, segments: template } of candidates) {
      if (template.length !== segments.length) continue;
      const parameters = matchSegments(template, segments);
      if (parameters === undefined) continue;
      return { route, pathParameters: parameters };
    }
    return undefined;
  }

  /** The methods of the resource `rawPath` names, in manifest order; `undefined` when it names none. */
  methodsAt(rawPath: string): HttpMethod[] | undefined {
    const segments = splitPath(rawPath);
    const methods = this.#all
      .filter(({ segments: template }) => template.length === segments.length)
      .filter(({ segments: template }) => matchSegments(template, segments) !== undefined)
      .map(({ route }) => route.method);
    return methods.length === 0 ? undefined : methods;
  }
}

/** Path segments; one trailing slash is ignored, as API Gateway does. */
function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

/** The parameters (`null` when the template has none), or `undefined` when the path does not match. */
function matchSegments(
  template: readonly TemplateSegment[],
  segments: readonly string[],
): Record<string, string> | null | undefined {
  let parameters: Record<string, string> | null = null;
  for (let index = 0; index < template.length; index++) {
    const part = template[index] as TemplateSegment;
    const segment = segments[index] ?? '';
    if (part.parameter === undefined) {
      if (segment !== part.literal && safeDecode(segment) !== part.literal) return undefined;
      continue;
    }
    if (segment.length === 0) return undefined;
    parameters ??= {};
    parameters[part.parameter] = safeDecode(segment) ?? segment;
  }
  return parameters;
}

/** The decoded segment; a malformed escape is passed through as sent, for the handler to refuse. */
function safeDecode(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
