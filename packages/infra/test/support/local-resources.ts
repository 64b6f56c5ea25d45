import { randomBytes } from 'node:crypto';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CfnTemplate, LocalValueOf, ResolveContext } from './template-values.js';

type Resource = CfnTemplate['Resources'][string];

const alphanumeric = (length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789') =>
  Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');

/**
 * Local stand-ins for the resources the functions' environments reference: each table a
 * uniquely named table on the local DynamoDB server (created from the template's own key
 * schema), the user pool and its client made-up ids of the right shape, each secret a value
 * generated as its `GenerateSecretString` asks. Anything else throws, naming the type.
 */
export class LocalResources {
  readonly #values = new Map<string, string>();
  readonly #secrets = new Map<string, string>();
  readonly tables: { name: string; properties: Record<string, unknown> }[] = [];

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  readonly localValueOf: LocalValueOf = (stackName, logicalId, resource, attribute) => {
    const key = `${stackName}/${logicalId}/${attribute ?? 'Ref'}`;
    let value = this.#values.get(key);
    if (value === undefined) {
      value = this.#create(stackName, logicalId, resource, attribute);
      this.#values.set(key, value);
    }
    return value;
  };

  context(templates: Record<string, CfnTemplate>): ResolveContext {
    return {
      templates,
      region: this.region,
      accountId: this.accountId,
      localValueOf: this.localValueOf,
      secretValue: (secretId) => {
        const value = this.#secrets.get(secretId);
        if (value === undefined) throw new Error(`no local secret ${secretId}`);
        return value;
      },
    };
  }

  /** Creates every table of the templates on the local server, as the template defines it. */
  async createTables(client: DynamoDBClient, templates: Record<string, CfnTemplate>): Promise<void> {
    for (const [stackName, template] of Object.entries(templates)) {
      for (const [logicalId, resource] of Object.entries(template.Resources)) {
        if (resource.Type === 'AWS::DynamoDB::Table') this.localValueOf(stackName, logicalId, resource);
      }
    }
    for (const { name, properties } of this.tables) {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: properties.KeySchema as never,
          AttributeDefinitions: properties.AttributeDefinitions as never,
        }),
      );
    }
  }

  #create(stackName: string, logicalId: string, resource: Resource, attribute: string | undefined): string {
    const properties = resource.Properties ?? {};
    const arn = (service: string, path: string) =>
      `arn:aws:${service}:${this.region}:${this.accountId}:${path}`;
    switch (`${resource.Type}${attribute === undefined ? '' : `.${attribute}`}`) {
      case 'AWS::DynamoDB::Table': {
        const name = `${stackName}-${logicalId}-${alphanumeric(8)}`;
        this.tables.push({ name, properties });
        return name;
      }
      case 'AWS::DynamoDB::Table.Arn':
        return arn('dynamodb', `table/${this.localValueOf(stackName, logicalId, resource)}`);
      case 'AWS::Cognito::UserPool':
        return `${this.region}_${alphanumeric(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
      case 'AWS::Cognito::UserPool.Arn':
        return arn('cognito-idp', `userpool/${this.localValueOf(stackName, logicalId, resource)}`);
      case 'AWS::Cognito::UserPool.ProviderName':
        return `cognito-idp.${this.region}.amazonaws.com/${this.localValueOf(stackName, logicalId, resource)}`;
      case 'AWS::Cognito::UserPoolClient':
        return alphanumeric(26);
      case 'AWS::Cognito::UserPoolGroup':
        return String(properties.GroupName);
      case 'AWS::SecretsManager::Secret': {
        const secretArn = arn('secretsmanager', `secret:${logicalId}-${alphanumeric(6)}`);
        const generate = (properties.GenerateSecretString ?? {}) as { PasswordLength?: number };
        this.#secrets.set(
          secretArn,
          alphanumeric(
            generate.PasswordLength ?? 32,
            'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
          ),
        );
        return secretArn;
      }
      case 'AWS::SSM::Parameter':
        return typeof properties.Name === 'string' ? properties.Name : `/local/${logicalId}`;
      case 'AWS::SSM::Parameter.Value':
        return String(properties.Value);
      default:
        throw new Error(
          `${stackName}/${logicalId}: the artifact test has no local value for ${resource.Type}${attribute === undefined ? '' : `.${attribute}`}`,
        );
    }
  }
}
