import { CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * A stack output whose key is exactly `name` (the original system's output names, which some
 * share with the construct they describe, e.g. `UserPool`).
 */
export function stackOutput(scope: Construct, name: string, value: string, description: string): CfnOutput {
  const output = new CfnOutput(scope, `${name}Output`, { value, description });
  output.overrideLogicalId(name);
  return output;
}
