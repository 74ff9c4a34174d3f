/**
 * The one definition of our DynamoDB tables. The CDK stacks and the local runtime both build
 * their tables from this, so keys, indexes and TTL attributes cannot drift apart.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
}

export interface TableDefinition {
  /** Appended to the environment's prefix: `<prefix>-<suffix>`. */
  suffix: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalIndexes: IndexDefinition[];
  ttlAttribute?: string;
}

export const TABLES = {
  approvals: {
    suffix: 'approvals',
    partitionKey: { name: 'requestId', type: 'S' },
    // Request ids are ULIDs, so sorting by them is sorting by creation time.
    globalIndexes: [
      {
        indexName: 'byStatus',
        partitionKey: { name: 'status', type: 'S' },
        sortKey: { name: 'requestId', type: 'S' },
      },
      {
        indexName: 'byRequester',
        partitionKey: { name: 'requesterId', type: 'S' },
        sortKey: { name: 'requestId', type: 'S' },
      },
    ],
  },
  sessions: {
    suffix: 'slack-sessions',
    partitionKey: { name: 'threadKey', type: 'S' },
    globalIndexes: [],
    ttlAttribute: 'ttl',
  },
  config: {
    suffix: 'config',
    partitionKey: { name: 'configKey', type: 'S' },
    sortKey: { name: 'version', type: 'N' },
    globalIndexes: [],
  },
  audit: {
    suffix: 'audit',
    partitionKey: { name: 'streamId', type: 'S' },
    sortKey: { name: 'seq', type: 'N' },
    // Every stream's events newest first, one UTC day per partition, so a page walks back a
    // bounded number of days (see audit-listing.ts). Events stored before this index have no
    // `day` and appear only when their stream is asked for.
    globalIndexes: [
      {
        indexName: 'byDay',
        partitionKey: { name: 'day', type: 'S' },
        sortKey: { name: 'atKey', type: 'S' },
      },
    ],
  },
  apiKeys: {
    suffix: 'api-keys',
    partitionKey: { name: 'keyId', type: 'S' },
    globalIndexes: [],
  },
  idempotency: {
    suffix: 'idempotency',
    partitionKey: { name: 'key', type: 'S' },
    globalIndexes: [],
    ttlAttribute: 'ttl',
  },
  // Sensitive tool outputs sealed for their requester, until read once or expired.
  sealedOutputs: {
    suffix: 'sealed-outputs',
    partitionKey: { name: 'requestId', type: 'S' },
    sortKey: { name: 'sealedId', type: 'S' },
    globalIndexes: [],
    ttlAttribute: 'ttl',
  },
  // Admin UI sign-ins: the session token's SHA-256 and whose principal it stands for, until it
  // expires (the admin UI in services/api reads and writes it).
  adminSessions: {
    suffix: 'admin-sessions',
    partitionKey: { name: 'sessionHash', type: 'S' },
    globalIndexes: [],
    ttlAttribute: 'ttl',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableId = keyof typeof TABLES;
export type TableNames = Record<TableId, string>;

/** Physical table names for one environment, e.g. prefix `agentcore-dev`. */
export function tableNames(prefix: string): TableNames {
  const names = {} as TableNames;
  for (const [id, table] of Object.entries(TABLES) as [TableId, TableDefinition][]) {
    names[id] = `${prefix}-${table.suffix}`;
  }
  return names;
}
