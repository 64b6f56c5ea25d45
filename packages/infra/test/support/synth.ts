import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS } from '@app/adapters-lambda';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { BundleDirectory } from '../../src/bundle-directory.js';
import { addServerlessStacks, type ServerlessStacks } from '../../src/serverless-app.js';

/** The app's context from cdk.json (the CLI passes it to `bin/app.ts`). */
const CDK_CONTEXT = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export interface Synthesized {
  app: App;
  stacks: ServerlessStacks;
  /** The synth error (cdk-nag findings make `synth()` throw), if any. */
  error?: unknown;
  template(stackName: string): Template;
  acknowledgements(): { path: string; id: string; reason: string }[];
  cleanup(): void;
}

/**
 * Both stacks in one App, as `bin/app.ts` builds them but with placeholder bundles (the real
 * ones are built and run by the packaged-artifact test) and no bundling; the App's output
 * folder is removed by `cleanup()`. `context` adds to cdk.json's (as `cdk -c key=value` does).
 */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const workDir = mkdtempSync(join(tmpdir(), 'infra-synth-'));
  const bundlesDir = join(workDir, 'bundles');
  for (const name of Object.keys(FUNCTIONS)) {
    mkdirSync(join(bundlesDir, name), { recursive: true });
    writeFileSync(
      join(bundlesDir, name, 'index.mjs'),
      `export const handler = async () => ({ statusCode: 204 });\n`,
    );
  }
  mkdirSync(join(bundlesDir, 'layer', 'nodejs', 'node_modules'), { recursive: true });
  writeFileSync(join(bundlesDir, 'layer', 'nodejs', 'node_modules', 'placeholder.mjs'), 'export {};\n');

  const app = new App({
    outdir: join(workDir, 'cdk.out'),
    context: { ...CDK_CONTEXT, ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const stacks = addServerlessStacks(app, new BundleDirectory(bundlesDir).assertComplete());
  let assembly: CloudAssembly | undefined;
  let error: unknown;
  try {
    assembly = app.synth();
  } catch (caught) {
    error = caught;
  }
  return {
    app,
    stacks,
    error,
    template(stackName) {
      if (!assembly) throw new Error(`synth failed: ${String(error)}`);
      return Template.fromJSON(assembly.getStackByName(stackName).template);
    },
    acknowledgements() {
      return app.node.findAll().flatMap((construct: IConstruct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
          .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
      );
    },
    cleanup() {
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
