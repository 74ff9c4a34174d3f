import { randomUUID } from 'node:crypto';
import { createTables, LOCAL_AWS } from '@agentcore/local';
import {
  type AuditKeyring,
  type Clock,
  createDocumentClient,
  createStores,
  fixedAuditKeys,
  generateAuditKeyring,
  type Stores,
  type TableNames,
  tableNames,
} from '@agentcore/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';

export interface TestDatabase {
  stores: Stores;
  documents: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  tables: TableNames;
  /** The keyring the stores MAC the audit chain with. */
  auditKeyring: AuditKeyring;
}

/** Fresh tables (unique prefix) in the run's DynamoDB Local, and the repositories over them. */
export async function createTestDatabase(
  clock?: Clock,
  auditKeyring: AuditKeyring = generateAuditKeyring(),
): Promise<TestDatabase> {
  const endpoint = inject('dynamoEndpoint');
  const raw = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const tables = tableNames(`t${randomUUID().slice(0, 8)}`);
  await createTables(raw, tables);
  const documents = createDocumentClient({ ...LOCAL_AWS, endpoint });
  const stores = createStores(documents, tables, fixedAuditKeys(auditKeyring), clock);
  return { stores, documents, raw, tables, auditKeyring };
}
