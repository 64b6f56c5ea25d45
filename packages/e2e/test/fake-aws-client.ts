import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

export interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
}

type Responder = (input: Record<string, unknown>) => Record<string, unknown>;

/**
 * Answers an AWS SDK client's commands from `responders` (by command name) before anything is
 * serialized or sent, and records each call: a hand-written stub of the service.
 */
export function fakeService(
  client: CognitoIdentityProviderClient | CloudFormationClient,
  responders: Record<string, Responder>,
): RecordedCall[] {
  const calls: RecordedCall[] = [];
  (client.middlewareStack as CognitoIdentityProviderClient['middlewareStack']).add(
    (_next, context) => async (args) => {
      const command = String(context.commandName);
      const input = args.input as Record<string, unknown>;
      calls.push({ command, input });
      const responder = responders[command];
      if (!responder) throw new Error(`unexpected ${command}`);
      return { output: { $metadata: {}, ...responder(input) }, response: {} };
    },
    { step: 'initialize', name: 'fakeService' },
  );
  return calls;
}
