import {
  type IndexDefinition,
  type KeyAttribute,
  TABLES,
  type TableDefinition,
  type TableId,
  type TableNames,
} from '@agentcore/store';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

const keySchema = (partition: { name: string }, sort?: { name: string }) => [
  { AttributeName: partition.name, KeyType: 'HASH' as const },
  ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
];

function indexInput(index: IndexDefinition) {
  return {
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' as const },
  };
}

function keyAttributes(table: TableDefinition): (KeyAttribute | undefined)[] {
  return [
    table.partitionKey,
    table.sortKey,
    ...table.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
}

function attributeDefinitions(keys: (KeyAttribute | undefined)[]) {
  const attributes = new Map<string, 'S' | 'N'>();
  for (const key of keys) if (key) attributes.set(key.name, key.type);
  return [...attributes].map(([AttributeName, AttributeType]) => ({
    AttributeName,
    AttributeType,
  }));
}

function createTableInput(name: string, table: TableDefinition): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions(keyAttributes(table)),
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    ...(table.globalIndexes.length > 0
      ? { GlobalSecondaryIndexes: table.globalIndexes.map(indexInput) }
      : {}),
  };
}

async function describe(
  client: DynamoDBClient,
  name: string,
): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * A table made by an earlier version (a user's `.local/` data) lacks the indexes added since:
 * add each one. DynamoDB builds it from the items that carry its keys; items written before
 * (audit events without `day`, say) stay out of it.
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  name: string,
  table: TableDefinition,
  existing: TableDescription,
): Promise<void> {
  const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  // UpdateTable creates one index per call.
  for (const index of table.globalIndexes.filter((i) => !present.has(i.indexName))) {
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        // All of the table's key attributes: DynamoDB Local forgets those left out.
        AttributeDefinitions: attributeDefinitions(keyAttributes(table)),
        GlobalSecondaryIndexUpdates: [{ Create: indexInput(index) }],
      }),
    );
    await untilIndexActive(client, name, index.indexName);
  }
}

const INDEX_POLL_MS = 100;
const INDEX_WAIT_MS = 60_000;

/** DynamoDB Local fails writes to a table while one of its indexes is still being created. */
async function untilIndexActive(client: DynamoDBClient, name: string, indexName: string) {
  for (let waited = 0; waited < INDEX_WAIT_MS; waited += INDEX_POLL_MS) {
    const table = await describe(client, name);
    const index = table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName);
    if (index?.IndexStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
  }
  throw new Error(`index ${indexName} of table ${name} did not become active`);
}

/**
 * Creates any of our tables that are missing, with their indexes and TTL, and adds indexes an
 * existing table lacks. Safe to repeat.
 */
export async function createTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const [id, table] of Object.entries(TABLES) as [TableId, TableDefinition][]) {
    const name = names[id];
    const existing = await describe(client, name);
    if (existing) {
      await addMissingIndexes(client, name, table, existing);
      continue;
    }
    await client.send(new CreateTableCommand(createTableInput(name, table)));
    if (table.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
}
