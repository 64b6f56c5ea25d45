/**
 * What an esbuild ESM output imports from each bare (external) specifier. Reads the import and
 * re-export statements esbuild prints for externals, minified or not: `import{a as b,c}from"x"`,
 * `import d,{e}from"x"`, `import*as n from"x"`, `import"x"`, `export{a}from"x"`,
 * `export*from"x"`. For a namespace import, the members read from the namespace
 * (`n.member`) are what is used: read them from an output whose identifiers are not minified.
 */
export interface ExternalImports {
  /** Named imports, `default`, and the members read through namespace imports. */
  names: Set<string>;
  /** A namespace import or `export *`: `names` may hold members that are not exports. */
  namespace: boolean;
}

const IMPORT_STATEMENT =
  /(?:^|[;\s}])(import|export)\s*(?:([\w$]+)\s*,?\s*)?(\{[^}]*\}|\*\s*(?:as\s+([\w$]+))?)?\s*(?:from\s*)?["']([^"'./][^"']*)["']/g;

export function externalImports(
  code: string,
  isExternal: (specifier: string) => boolean,
): Map<string, ExternalImports> {
  const found = new Map<string, ExternalImports>();
  for (const match of code.matchAll(IMPORT_STATEMENT)) {
    const [, keyword, defaultName, clause, namespaceName, specifier] = match;
    if (!specifier || !isExternal(specifier)) continue;
    const entry = found.get(specifier) ?? { names: new Set<string>(), namespace: false };
    found.set(specifier, entry);
    if (keyword === 'import' && defaultName) entry.names.add('default');
    if (clause?.startsWith('{')) {
      for (const part of clause.slice(1, -1).split(',')) {
        const name = part
          .trim()
          .split(/\s+as\s+/)[0]
          ?.trim();
        if (name) entry.names.add(name);
      }
    }
    if (clause?.startsWith('*')) {
      entry.namespace = true;
      if (namespaceName) {
        const member = new RegExp(
          `(?<![\\w$.])${namespaceName.replace(/\$/g, '\\$')}\\.([A-Za-z_$][\\w$]*)`,
          'g',
        );
        for (const [, name] of code.matchAll(member)) if (name) entry.names.add(name);
      }
    }
  }
  return found;
}

/** Adds `more` into `into`, specifier by specifier. */
export function mergeImports(into: Map<string, ExternalImports>, more: Map<string, ExternalImports>): void {
  for (const [specifier, imports] of more) {
    const entry = into.get(specifier) ?? { names: new Set<string>(), namespace: false };
    for (const name of imports.names) entry.names.add(name);
    entry.namespace ||= imports.namespace;
    into.set(specifier, entry);
  }
}
