import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Acknowledgment, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { afterAll, expect, it, vi } from 'vitest';
import { type Synthesized, synthesize } from './support/synth.js';

interface Report {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

let synth: Synthesized | undefined;
afterAll(() => synth?.cleanup());

it('acknowledges exactly the AwsSolutions findings that occur, each where it occurs', () => {
  const acknowledged: { path: string; id: string }[] = [];
  const spy = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(function (
    this: Validations,
    ...rules: Acknowledgment[]
  ) {
    const scope = (this as unknown as { scope: IConstruct }).scope;
    for (const rule of rules) acknowledged.push({ path: scope.node.path, id: rule.id });
  });
  // The failed synth prints its report: it is read from the file below instead.
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    synth = synthesize();
  } finally {
    spy.mockRestore();
    quiet.mockRestore();
  }

  expect(synth.error).toBeInstanceOf(Error);
  const report = JSON.parse(readFileSync(join(synth.app.outdir, 'validation-report.json'), 'utf8')) as Report;
  const findings = report.pluginReports
    .filter((plugin) => plugin.pluginName === 'AwsSolutions')
    .flatMap((plugin) =>
      plugin.violations.flatMap((violation) =>
        violation.violatingConstructs.map((construct) => ({
          id: violation.ruleName,
          path: construct.constructPath,
        })),
      ),
    );
  expect(findings.length).toBeGreaterThan(0);
  const covers = (ack: { path: string; id: string }, finding: { path: string; id: string }) =>
    ack.id === finding.id && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));
  const uncovered = findings.filter((finding) => !acknowledged.some((ack) => covers(ack, finding)));
  const unused = acknowledged.filter((ack) => !findings.some((finding) => covers(ack, finding)));
  expect(uncovered).toEqual([]);
  expect(unused).toEqual([]);
}, 180_000);
