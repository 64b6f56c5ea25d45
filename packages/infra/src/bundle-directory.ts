import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS, type FunctionName } from '@app/adapters-lambda';
import { Code } from 'aws-cdk-lib/aws-lambda';

/** The folder `scripts/bundle.ts` writes to: one folder per function, plus `layer/`. */
export const DEFAULT_BUNDLES_DIR = join(import.meta.dirname, '..', 'dist-bundles');

/** The function handler export inside each bundle's `index.mjs`. */
export const BUNDLE_HANDLER = 'index.handler';

/** The prebuilt esbuild bundles the stacks deploy (no bundling, hence no Docker, at synth time). */
export class BundleDirectory {
  constructor(readonly dir: string = DEFAULT_BUNDLES_DIR) {}

  functionCode(name: FunctionName): Code {
    return Code.fromAsset(join(this.dir, name));
  }

  /** The shared-code layer of the order functions: `nodejs/node_modules/…` inside. */
  layerCode(): Code {
    return Code.fromAsset(join(this.dir, 'layer'));
  }

  /** Paths that must exist before a synth; empty when every bundle is there. */
  missing(): string[] {
    const required = [
      ...Object.keys(FUNCTIONS).map((name) => join(this.dir, name, 'index.mjs')),
      join(this.dir, 'layer', 'nodejs', 'node_modules'),
    ];
    return required.filter((path) => !existsSync(path));
  }

  /** Throws, naming the fix, when a bundle is missing. */
  assertComplete(): this {
    const missing = this.missing();
    if (missing.length > 0) {
      throw new Error(
        `Lambda bundles are missing (${missing.join(', ')}): run \`pnpm --filter @app/infra bundle\` first.`,
      );
    }
    return this;
  }
}
