import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsIn, importsOf, sourceFiles } from '../../../test-support/source-imports.js';

const SRC = new URL('../src', import.meta.url).pathname;

/** What the domain may never depend on: transport, storage, cloud SDKs, other packages. */
const FORBIDDEN = [
  /^@aws-sdk\//,
  /^@smithy\//,
  /^@aws-lambda-powertools\//,
  /^aws-lambda$/,
  /^aws-jwt-verify/,
  /^aws-cdk-lib/,
  /^constructs$/,
  /^(node:)?https?$/,
  /^(node:)?http2$/,
  /^(node:)?net$/,
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^@app\//,
];

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('keeps the core free of AWS, Powertools, HTTP, I/O and other @app packages', () => {
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => FORBIDDEN.some((pattern) => pattern.test(specifier)))
        .map((specifier) => `${relative(SRC, file)} imports ${specifier}`),
    );
    expect(violations).toEqual([]);
  });

  it('detects a forbidden import (the check itself works)', () => {
    const probe =
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport * as http from 'node:http';";
    expect(importsIn(probe).filter((s) => FORBIDDEN.some((p) => p.test(s)))).toEqual([
      '@aws-sdk/client-dynamodb',
      'node:http',
    ]);
  });

  it('imports zod as a namespace, which keeps Lambda bundles small', () => {
    const named = files.filter((file) =>
      /import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*['"]zod['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(named.map((file) => relative(SRC, file))).toEqual([]);
  });
});
