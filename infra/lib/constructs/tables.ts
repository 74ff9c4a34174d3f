import { type KeyAttribute, TABLES, type TableDefinition, type TableId } from '@agentcore/store';
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * What a function may do with a table. Only a sign-out deletes: the audit and config tables
 * are append-only (every change is a new item), and records end by their status or their TTL.
 */
export type TableAccess = 'read' | 'append' | 'write' | 'write+scan' | 'sign-in';

const READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const ACTIONS: Record<TableAccess, string[]> = {
  read: READ,
  append: [...READ, 'dynamodb:PutItem'],
  write: [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // The API lists its keys with a Scan (few items, admin only).
  'write+scan': [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Scan'],
  // Admin UI sign-ins: put at login, read by their hash, removed at logout.
  'sign-in': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
};

function attribute(key: KeyAttribute) {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

export interface TablesProps {
  prefix: string;
  /** Retained on stack deletion, with deletion protection on. */
  protect: boolean;
}

/** The tables of packages/store/src/tables.ts: on demand, encrypted, with PITR and their TTL. */
export class Tables extends Construct {
  readonly byId: ReadonlyMap<TableId, Table>;

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);
    const byId = new Map<TableId, Table>();
    for (const [tableId, definition] of Object.entries(TABLES) as [TableId, TableDefinition][]) {
      const table = new Table(this, tableId, {
        tableName: `${props.prefix}-${definition.suffix}`,
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        ...(definition.ttlAttribute ? { timeToLiveAttribute: definition.ttlAttribute } : {}),
        deletionProtection: props.protect,
        removalPolicy: props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      for (const index of definition.globalIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
        });
      }
      byId.set(tableId, table);
    }
    this.byId = byId;
  }

  table(tableId: TableId): Table {
    const table = this.byId.get(tableId);
    if (!table) throw new Error(`no table ${tableId}`);
    return table;
  }

  /** Grants `access` on one table and its indexes, each named: no wildcard resource. */
  grant(grantee: IGrantable, tableId: TableId, access: TableAccess): void {
    const table = this.table(tableId);
    const indexes = TABLES[tableId].globalIndexes.map(
      (index: { indexName: string }) => `${table.tableArn}/index/${index.indexName}`,
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ACTIONS[access], resources: [table.tableArn, ...indexes] }),
    );
  }
}
