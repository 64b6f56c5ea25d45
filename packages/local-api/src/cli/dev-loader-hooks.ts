/**
 * Module hooks of `npm run dev` (registered with `module.register`): a workspace package's
 * built module imported from a module of generation `?v=N` is itself loaded as `?v=N`. Importing
 * the CLI as `cli.js?v=N` therefore evaluates every workspace module afresh — the code just
 * rebuilt — while `node_modules` (the SDK, Powertools, zod) stay loaded once.
 */
const WORKSPACE_BUILD = /\/packages\/[^/]+\/dist\//;

interface ResolveContext {
  parentURL?: string | undefined;
}
interface ResolveResult {
  url: string;
  format?: string | null | undefined;
  shortCircuit?: boolean | undefined;
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: (specifier: string, context: ResolveContext) => Promise<ResolveResult>,
): Promise<ResolveResult> {
  const resolved = await nextResolve(specifier, context);
  const generation =
    context.parentURL === undefined ? null : new URL(context.parentURL).searchParams.get('v');
  if (generation === null || !resolved.url.startsWith('file:') || !WORKSPACE_BUILD.test(resolved.url)) {
    return resolved;
  }
  const url = new URL(resolved.url);
  if (url.pathname.includes('/node_modules/')) return resolved;
  url.searchParams.set('v', generation);
  return { ...resolved, url: url.href };
}
