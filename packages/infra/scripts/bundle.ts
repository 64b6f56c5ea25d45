import { join } from 'node:path';
import { DEFAULT_BUNDLES_DIR } from '../src/bundle-directory.js';
import { bundleLambdas } from '../src/bundling/bundle-lambdas.js';
import { formatReport } from '../src/bundling/format-report.js';

const packageDir = join(import.meta.dirname, '..');
const report = await bundleLambdas({
  outDir: DEFAULT_BUNDLES_DIR,
  adaptersLambdaDir: join(packageDir, 'node_modules', '@app', 'adapters-lambda'),
});
console.log(formatReport(report));
if (report.overBudget.length > 0) {
  console.error(`Bundle budget exceeded by: ${report.overBudget.join(', ')}`);
  process.exit(1);
}
