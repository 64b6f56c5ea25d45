import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS, type FunctionName } from '@app/adapters-lambda';
import { App } from 'aws-cdk-lib';
import { BundleDirectory } from '../../src/bundle-directory.js';
import { type BundleReport, bundleLambdas } from '../../src/bundling/bundle-lambdas.js';
import { addServerlessStacks, ORDERS_STACK_NAME, USERS_STACK_NAME } from '../../src/serverless-app.js';
import type { CfnTemplate } from './template-values.js';

/** The app's context from cdk.json (the CLI passes it to `bin/app.ts`). */
const CDK_CONTEXT = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export const STACK_NAMES = [USERS_STACK_NAME, ORDERS_STACK_NAME] as const;

/** One `AWS::Lambda::Function` of a synthesized template, with its code where cdk.out holds it. */
export interface SynthesizedFunction {
  name: FunctionName;
  stackName: string;
  logicalId: string;
  properties: {
    Handler: string;
    Runtime: string;
    MemorySize: number;
    Timeout: number;
    Environment?: { Variables?: Record<string, unknown> };
    Layers?: unknown[];
  };
  /** The function's asset folder in cdk.out (what Lambda unzips to `/var/task`). */
  codeDir: string;
  /** The asset folders of its layers in order (what Lambda unzips to `/opt`). */
  layerDirs: string[];
}

export interface PackagedApp {
  outDir: string;
  bundlesDir: string;
  report: BundleReport;
  templates: Record<string, CfnTemplate>;
  functions: Record<FunctionName, SynthesizedFunction>;
}

interface AssetManifest {
  files: Record<
    string,
    { source: { path: string; packaging?: string }; destinations: Record<string, { objectKey: string }> }
  >;
}

/**
 * What `pnpm synth` does, in this process: bundles the functions (`scripts/bundle.ts`), then
 * synthesizes `bin/app.ts`'s app with cdk.json's context into `<workDir>/cdk.out`. Each
 * function's code and layers are found as CloudFormation would deploy them: the template's
 * `S3Key` is the object key the asset manifest uploads the asset folder to.
 */
export async function synthesizePackagedApp(workDir: string): Promise<PackagedApp> {
  const bundlesDir = join(workDir, 'bundles');
  const outDir = join(workDir, 'cdk.out');
  const report = await bundleLambdas({
    outDir: bundlesDir,
    adaptersLambdaDir: join(import.meta.dirname, '..', '..', 'node_modules', '@app', 'adapters-lambda'),
  });
  const app = new App({ outdir: outDir, context: CDK_CONTEXT });
  addServerlessStacks(app, new BundleDirectory(bundlesDir).assertComplete());
  app.synth();

  const templates: Record<string, CfnTemplate> = {};
  const functions: Partial<Record<FunctionName, SynthesizedFunction>> = {};
  for (const stackName of STACK_NAMES) {
    const template = readJson<CfnTemplate>(join(outDir, `${stackName}.template.json`));
    templates[stackName] = template;
    const assetDirOf = assetFolders(outDir, stackName);
    const codeDir = (code: unknown, owner: string) => {
      const key = (code as { S3Key?: unknown } | undefined)?.S3Key;
      const dir = typeof key === 'string' ? assetDirOf.get(key) : undefined;
      if (dir === undefined)
        throw new Error(`${stackName}/${owner}: no cdk.out asset for ${JSON.stringify(code)}`);
      return dir;
    };
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const properties = resource.Properties as SynthesizedFunction['properties'] & {
        Code: unknown;
        Description?: string;
      };
      const name = functionNamed(properties.Description, `${stackName}/${logicalId}`);
      const layerDirs = (properties.Layers ?? []).map((layer) => {
        const layerId = (layer as { Ref?: string }).Ref;
        const layerResource = layerId === undefined ? undefined : template.Resources[layerId];
        if (layerResource?.Type !== 'AWS::Lambda::LayerVersion') {
          throw new Error(
            `${stackName}/${logicalId}: a layer that is not in the stack: ${JSON.stringify(layer)}`,
          );
        }
        return codeDir(layerResource.Properties?.Content, layerId!);
      });
      functions[name] = {
        name,
        stackName,
        logicalId,
        properties,
        codeDir: codeDir(properties.Code, logicalId),
        layerDirs,
      };
    }
  }
  const missing = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => !functions[name]);
  if (missing.length > 0) throw new Error(`no function in the templates for ${missing.join(', ')}`);
  return { outDir, bundlesDir, report, templates, functions: functions as PackagedApp['functions'] };
}

/** Object key → asset folder in cdk.out, from `<stack>.assets.json`. */
function assetFolders(outDir: string, stackName: string): Map<string, string> {
  const manifest = readJson<AssetManifest>(join(outDir, `${stackName}.assets.json`));
  const folders = new Map<string, string>();
  for (const { source, destinations } of Object.values(manifest.files)) {
    if (source.packaging !== 'zip') continue;
    for (const { objectKey } of Object.values(destinations))
      folders.set(objectKey, join(outDir, source.path));
  }
  return folders;
}

/** The manifest's function whose description the template carries (one source for both). */
function functionNamed(description: string | undefined, where: string): FunctionName {
  const names = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
    (name) => FUNCTIONS[name].description === description,
  );
  if (names.length !== 1) throw new Error(`${where}: no single manifest function described "${description}"`);
  return names[0]!;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
