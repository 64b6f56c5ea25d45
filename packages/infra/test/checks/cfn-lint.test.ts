import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ORDERS_STACK_NAME, USERS_STACK_NAME } from '../../src/serverless-app.js';
import { type Synthesized, synthesize } from '../support/synth.js';

/*
 * cfn-lint (AWS's CloudFormation linter, Python; 1.51 on these machines), an oracle independent
 * of the CDK: both synthesized templates must give no error and no warning. Also
 * `pnpm check:cfn-lint` at the root.
 */

const run = promisify(execFile);

interface Finding {
  Rule: { Id: string };
  Level: string;
  Message: string;
  Location: { Path: (string | number)[] };
}

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});
afterAll(() => synth?.cleanup());

async function cfnLint(files: string[]): Promise<Finding[]> {
  try {
    const { stdout } = await run('cfn-lint', ['--format', 'json', '--', ...files], { timeout: 240_000 });
    return JSON.parse(stdout || '[]') as Finding[];
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stdout?: string };
    if (failure.code === 'ENOENT') {
      throw new Error(
        "cfn-lint is not on the PATH: these checks need it (Python `pip install cfn-lint==1.51.*`; it ships with these machines' Python 3.11).",
      );
    }
    // cfn-lint exits non-zero when it finds something; the findings are on stdout.
    if (failure.stdout) return JSON.parse(failure.stdout) as Finding[];
    throw error;
  }
}

it('finds no error and no warning in either template', async () => {
  const files = [USERS_STACK_NAME, ORDERS_STACK_NAME].map((name) => synth.templateFile(name));

  const findings = await cfnLint(files);

  const summary = findings.map(
    (finding) => `${finding.Level} ${finding.Rule.Id} ${finding.Location.Path.join('/')}: ${finding.Message}`,
  );
  expect(summary).toEqual([]);
}, 300_000);
