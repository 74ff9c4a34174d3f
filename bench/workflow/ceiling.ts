// DynamoDB Local's own transaction rate: a closed loop of TransactWriteItems shaped like the
// workflow's status changes (DynamoApprovalRepository.transition through
// DynamoAuditRepository.writeWithEvent): a conditional Update of an approval item plus the Put of
// its audit event, in one transaction. Each worker owns one approval item and its audit stream,
// so no transaction waits on another's item, as with requests that do not share an id. Tables
// are made by the same createTables, so the approvals table has its two indexes, as ours has.
import { createTables, LOCAL_AWS } from '@agentcore/local';
import { tableNames } from '@agentcore/store';
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

export interface CeilingOptions {
  endpoint: string;
  /** Transactions in flight at once: one per worker. */
  concurrency: number;
  /** Bounds of the measured loop; it ends at whichever comes first. */
  maxTransactions: number;
  maxMs: number;
  /** A stored approval item and audit event of the workflow, copied so sizes are realistic. */
  approvalTemplate: Item;
  eventTemplate: Item;
}

export interface Ceiling {
  /** Transactions committed in the measured loop. */
  transactions: number;
  elapsedMs: number;
  perSecond: number;
  /** Transactions DynamoDB refused (none expected: no two workers share an item). */
  refused: number;
  p50Ms: number;
}

const TABLE_PREFIX = 'bench-ceiling';
// The statuses a request moves through; the loop cycles through them, updating the status index.
const STATUSES = ['received', 'pending', 'approved', 'executing', 'completed'];
const WARM_UP_PER_WORKER = 10;
const WARM_UP_MAX_MS = 5_000;

const s = (value: string): AttributeValue => ({ S: value });
const hex64 = (n: number) => n.toString(16).padStart(64, '0');

export async function measureTransactionCeiling(options: CeilingOptions): Promise<Ceiling> {
  const client = new DynamoDBClient({
    ...LOCAL_AWS,
    endpoint: options.endpoint,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  try {
    const tables = tableNames(TABLE_PREFIX);
    await createTables(client, tables);
    const workers = Array.from({ length: Math.max(1, options.concurrency) }, (_, index) => ({
      requestId: `BENCHCEILING${String(index).padStart(14, '0')}`,
      status: 0,
      version: 1,
      seq: 1,
    }));
    for (const worker of workers) {
      await client.send(
        new PutItemCommand({
          TableName: tables.approvals,
          Item: {
            ...options.approvalTemplate,
            requestId: s(worker.requestId),
            status: s(STATUSES[0] as string),
            version: { N: '1' },
          },
        }),
      );
    }

    let refused = 0;
    const latencies: number[] = [];
    const transition = async (worker: (typeof workers)[number]) => {
      const from = STATUSES[worker.status % STATUSES.length] as string;
      const to = STATUSES[(worker.status + 1) % STATUSES.length] as string;
      const now = new Date().toISOString();
      const seq = worker.seq + 1;
      const started = performance.now();
      try {
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tables.approvals,
                  Key: { requestId: s(worker.requestId) },
                  UpdateExpression: 'SET #f0 = :f0, #f1 = :f1 ADD version :one',
                  ConditionExpression: 'attribute_exists(requestId) AND #status = :from',
                  ExpressionAttributeNames: {
                    '#status': 'status',
                    '#f0': 'status',
                    '#f1': 'updatedAt',
                  },
                  ExpressionAttributeValues: {
                    ':from': s(from),
                    ':f0': s(to),
                    ':f1': s(now),
                    ':one': { N: '1' },
                  },
                },
              },
              {
                Put: {
                  TableName: tables.audit,
                  Item: {
                    ...options.eventTemplate,
                    streamId: s(worker.requestId),
                    seq: { N: String(seq) },
                    at: s(now),
                    prevHash: s(hex64(seq - 1)),
                    hash: s(hex64(seq)),
                  },
                  ConditionExpression: 'attribute_not_exists(streamId)',
                },
              },
            ],
          }),
        );
        latencies.push(performance.now() - started);
        worker.status += 1;
        worker.seq = seq;
      } catch {
        refused += 1;
        // Learn where the item really is, and carry on from there.
        const stored = await client.send(
          new GetItemCommand({
            TableName: tables.approvals,
            Key: { requestId: s(worker.requestId) },
            ConsistentRead: true,
          }),
        );
        worker.status = Math.max(0, STATUSES.indexOf(stored.Item?.status?.S ?? 'received'));
        worker.seq += 1;
      }
    };

    // A closed loop: every worker starts its next transaction as soon as its last one answers.
    const loop = async (count: number, deadline: number) => {
      let left = count;
      await Promise.all(
        workers.map(async (worker) => {
          while (left > 0 && performance.now() < deadline) {
            left -= 1;
            await transition(worker);
          }
        }),
      );
    };

    await loop(WARM_UP_PER_WORKER * workers.length, performance.now() + WARM_UP_MAX_MS);
    refused = 0;
    latencies.length = 0;
    const started = performance.now();
    await loop(options.maxTransactions, started + options.maxMs);
    const elapsedMs = performance.now() - started;
    const transactions = latencies.length;
    latencies.sort((a, b) => a - b);
    return {
      transactions,
      elapsedMs,
      perSecond: transactions / (elapsedMs / 1000),
      refused,
      p50Ms: latencies[Math.floor(latencies.length / 2)] ?? Number.NaN,
    };
  } finally {
    client.destroy();
  }
}

/**
 * One stored approval item of the workflow and the largest audit event of its stream, as stored
 * (DynamoDB's attribute-value form), to give the loop's items the workflow's sizes.
 */
export async function readTemplates(
  endpoint: string,
  tablePrefix: string,
  requestId: string,
): Promise<{ approvalTemplate: Item; eventTemplate: Item }> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint, maxAttempts: 3 });
  try {
    const tables = tableNames(tablePrefix);
    const item = await client.send(
      new GetItemCommand({ TableName: tables.approvals, Key: { requestId: s(requestId) } }),
    );
    const events = await client.send(
      new QueryCommand({
        TableName: tables.audit,
        KeyConditionExpression: 'streamId = :s',
        ExpressionAttributeValues: { ':s': s(requestId) },
      }),
    );
    const largest = (events.Items ?? [])
      .map((event) => ({ event, size: JSON.stringify(event).length }))
      .sort((a, b) => b.size - a.size)[0]?.event;
    if (!item.Item || !largest) throw new Error(`request ${requestId} is not stored`);
    return { approvalTemplate: item.Item, eventTemplate: largest };
  } finally {
    client.destroy();
  }
}
