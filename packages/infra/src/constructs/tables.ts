import type { TableDefinition } from '@app/adapters-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * A table from its shared key definition: on-demand, point-in-time recovery, TTL where the
 * definition names one, encrypted with the AWS-owned key.
 */
export function tableFrom(
  scope: Construct,
  id: string,
  definition: TableDefinition,
  removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN,
): Table {
  return new Table(scope, id, {
    partitionKey: { name: definition.partitionKey.name, type: attributeType(definition.partitionKey.type) },
    sortKey: definition.sortKey
      ? { name: definition.sortKey.name, type: attributeType(definition.sortKey.type) }
      : undefined,
    timeToLiveAttribute: definition.timeToLiveAttribute,
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy,
  });
}

function attributeType(type: 'S' | 'N'): AttributeType {
  return type === 'S' ? AttributeType.STRING : AttributeType.NUMBER;
}
