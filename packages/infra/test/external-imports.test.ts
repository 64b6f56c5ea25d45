import { describe, expect, it } from 'vitest';
import { externalImports, mergeImports } from '../src/bundling/external-imports.js';

const all = () => true;

describe('externalImports', () => {
  it('reads named, default and side-effect imports and re-exports, minified or not', () => {
    const code = [
      'import{a as b,c}from"pkg-one";import d,{e as f}from"@scope/two/sub";import"side-effect";',
      'export { g } from "pkg-one";',
      'import { h } from "./local.js";',
    ].join('\n');

    const found = externalImports(code, (specifier) => !specifier.startsWith('.'));

    expect([...found.keys()]).toEqual(['pkg-one', '@scope/two/sub', 'side-effect']);
    expect([...(found.get('pkg-one')?.names ?? [])]).toEqual(['a', 'c', 'g']);
    expect([...(found.get('@scope/two/sub')?.names ?? [])]).toEqual(['default', 'e']);
    expect(found.get('side-effect')).toEqual({ names: new Set(), namespace: false });
  });

  it('reads the members used through a namespace import', () => {
    const code = 'import * as z from "zod";var s=z.object({a:z.string()});var y={z:1};y.z.x;';

    const found = externalImports(code, all);

    expect(found.get('zod')).toEqual({ names: new Set(['object', 'string']), namespace: true });
  });

  it('ignores the specifiers that are not external', () => {
    expect(
      externalImports('import{a}from"node:fs";', (specifier) => !specifier.startsWith('node:')).size,
    ).toBe(0);
  });
});

describe('mergeImports', () => {
  it('unites the names per specifier', () => {
    const into = externalImports('import{a}from"x";', all);

    mergeImports(into, externalImports('import{b}from"x";import*as n from"y";n.c;', all));

    expect(into.get('x')).toEqual({ names: new Set(['a', 'b']), namespace: false });
    expect(into.get('y')).toEqual({ names: new Set(['c']), namespace: true });
  });
});
