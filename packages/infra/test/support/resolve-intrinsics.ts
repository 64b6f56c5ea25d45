/**
 * CloudFormation intrinsics of a synthesized template resolved to concrete values of one
 * pretend account and region, so that policies can be evaluated offline: `Ref` and
 * `Fn::GetAtt … Arn` give the ARN/name AWS would (named after the logical id), `Fn::Join`,
 * `Fn::Select`, `Fn::Split` and `Fn::ImportValue` (the export name stands for the value).
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const PARTITION = 'aws';

interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const PSEUDO: Record<string, string> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': PARTITION,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Stack',
};

/** The ARN of a resource by type, for `Fn::GetAtt [id, Arn]` and the `Ref`s that are ARNs. */
export function arnOf(template: Template, id: string): string {
  const type = template.Resources[id]?.Type;
  const at = (service: string, rest: string) => `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${rest}`;
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return at('dynamodb', `table/${id}`);
    case 'AWS::SNS::Topic':
      return at('sns', id);
    case 'AWS::Logs::LogGroup':
      return at('logs', `log-group:${id}:*`);
    case 'AWS::Lambda::Function':
      return at('lambda', `function:${id}`);
    case 'AWS::SecretsManager::Secret':
      return at('secretsmanager', `secret:${id}-AbCdEf`);
    case 'AWS::IAM::Role':
      return `arn:${PARTITION}:iam::${ACCOUNT}:role/${id}`;
    case 'AWS::Cognito::UserPool':
      return at('cognito-idp', `userpool/${REGION}_${id}`);
    default:
      throw new Error(`no ARN for ${id} (${String(type)})`);
  }
}

export function resolve(template: Template, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(template, item));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return refOf(template, record.Ref);
  if (Array.isArray(record['Fn::GetAtt'])) {
    const [id, attribute] = record['Fn::GetAtt'] as [string, string];
    if (attribute !== 'Arn') throw new Error(`unresolved Fn::GetAtt ${id}.${attribute}`);
    return arnOf(template, id);
  }
  if (Array.isArray(record['Fn::Join'])) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return (resolve(template, parts) as unknown[]).map(String).join(separator);
  }
  if (Array.isArray(record['Fn::Split'])) {
    const [separator, source] = record['Fn::Split'] as [string, unknown];
    return String(resolve(template, source)).split(separator);
  }
  if (Array.isArray(record['Fn::Select'])) {
    const [index, list] = record['Fn::Select'] as [number, unknown];
    return (resolve(template, list) as unknown[])[Number(index)];
  }
  if ('Fn::ImportValue' in record) return `imported:${String(resolve(template, record['Fn::ImportValue']))}`;
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolve(template, item)]));
}

function refOf(template: Template, id: string): string {
  const pseudo = PSEUDO[id];
  if (pseudo !== undefined) return pseudo;
  const resource = template.Resources[id];
  if (resource === undefined) throw new Error(`unresolved Ref ${id}`);
  switch (resource.Type) {
    case 'AWS::SNS::Topic':
    case 'AWS::SecretsManager::Secret':
      return arnOf(template, id);
    case 'AWS::ApiGateway::Stage':
      return String(resource.Properties?.StageName);
    default:
      return id;
  }
}
