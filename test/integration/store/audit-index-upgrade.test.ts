import { randomUUID } from 'node:crypto';
import { createTables, type DynamoDbLocal, LOCAL_AWS, startDynamoDbLocal } from '@agentcore/local';
import {
  createDocumentClient,
  createStores,
  fixedAuditKeys,
  generateAuditKeyring,
  TABLES,
  tableNames,
} from '@agentcore/store';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Its own DynamoDB Local, as `npm start` has: one that other test files are creating tables in
// at the same moment can leave a newly added index CREATING for good.
let dynamo: DynamoDbLocal;
let raw: DynamoDBClient;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  raw = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
});

afterAll(async () => {
  raw?.destroy();
  documents?.destroy();
  await dynamo?.stop();
});

describe('a local audit table made before the byDay index', () => {
  it('gets the index on the next start; older events stay listed by their stream only', async () => {
    // Prepare: the audit table as an earlier version made it, with one event written then.
    const tables = tableNames(`u${randomUUID().slice(0, 8)}`);
    await raw.send(
      new CreateTableCommand({
        TableName: tables.audit,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'streamId', AttributeType: 'S' },
          { AttributeName: 'seq', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'streamId', KeyType: 'HASH' },
          { AttributeName: 'seq', KeyType: 'RANGE' },
        ],
      }),
    );
    const stores = createStores(documents, tables, fixedAuditKeys(generateAuditKeyring()));
    const old = await stores.audit.append({ streamId: 'config', type: 'config.saved', actor: 'a' });
    const { day: _day, atKey: _atKey, ...withoutIndexKeys } = { ...old, day: '', atKey: '' };
    await documents.send(new PutCommand({ TableName: tables.audit, Item: withoutIndexKeys }));

    // Act
    await createTables(raw, tables);
    await stores.audit.append({ streamId: 'config', type: 'config.saved', actor: 'b' });

    // Assess
    const described = await raw.send(new DescribeTableCommand({ TableName: tables.audit }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(
      TABLES.audit.globalIndexes.map((index) => index.indexName),
    );
    expect((await stores.audit.listEvents({})).items.map((event) => event.actor)).toEqual(['b']);
    expect(
      (await stores.audit.listEvents({ stream: 'config' })).items.map((event) => event.actor),
    ).toEqual(['b', 'a']);
    expect(await stores.audit.verify('config')).toEqual({ ok: true, events: 2 });
  });
});
