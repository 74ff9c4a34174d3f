import { LOCAL_AWS } from '@agentcore/local';
import { AWS_FAULTS, type FaultProxy, startFaultProxy } from '@agentcore/stand-ins';
import { createDocumentClient, createStores, fixedAuditKeys } from '@agentcore/store';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';
import { newApproval } from '../../support/fixtures.js';

let db: TestDatabase;
let proxy: FaultProxy;

beforeAll(async () => {
  db = await createTestDatabase();
  proxy = await startFaultProxy({ target: inject('dynamoEndpoint') });
});

afterAll(async () => {
  await proxy?.close();
});

/** Another function's repositories over the same tables: its own process, its own caches. */
function anotherFunction() {
  return createStores(
    createDocumentClient({ ...LOCAL_AWS, endpoint: proxy.url }),
    db.tables,
    fixedAuditKeys(db.auditKeyring),
  );
}

describe('a request written by one function and moved on by another', () => {
  it('chains the audit event from the item it read: one transaction, no read of the chain', async () => {
    // Prepare: the request API records it; a workflow step (another process) reads it.
    const created = await db.stores.approvals.create(newApproval(), 'api');
    const step = anotherFunction();
    const item = await step.approvals.get(created.requestId);
    proxy.reset();

    // Act
    await step.approvals.transition(
      created.requestId,
      { from: 'received', to: 'pending', actor: 'approval' },
      item,
    );

    // Assess
    expect(proxy.calls('DynamoDB.TransactWriteItems')).toBe(1);
    expect(proxy.calls('DynamoDB.Query')).toBe(0);
    expect(await db.stores.audit.verify(created.requestId)).toEqual({ ok: true, events: 2 });
  });

  it('still chains correctly from a stale copy, re-reading the chain once', async () => {
    // Prepare: the copy is read, then the request moves on elsewhere.
    const created = await db.stores.approvals.create(newApproval(), 'api');
    const step = anotherFunction();
    const stale = await step.approvals.get(created.requestId);
    await db.stores.approvals.amend(created.requestId, {
      status: 'received',
      actor: 'planner',
      changes: { statusReason: 'planned' },
    });
    proxy.reset();

    // Act
    await step.approvals.transition(
      created.requestId,
      { from: 'received', to: 'pending', actor: 'approval' },
      stale,
    );

    // Assess
    expect(proxy.calls('DynamoDB.TransactWriteItems')).toBe(2);
    expect(proxy.calls('DynamoDB.Query')).toBe(1);
    expect(await db.stores.audit.verify(created.requestId)).toEqual({ ok: true, events: 3 });
    expect((await db.stores.approvals.get(created.requestId))?.status).toBe('pending');
  });

  it('surfaces a throttled write that outlasts the SDK retries as a RetryableError', async () => {
    // Prepare
    const created = await db.stores.approvals.create(newApproval(), 'api');
    const step = anotherFunction();
    proxy.failNext('DynamoDB.TransactWriteItems', 4, AWS_FAULTS.dynamoDbInternalServerError);

    // Act
    const attempt = step.approvals.transition(created.requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'RetryableError', code: 'retryable' });
    expect((await db.stores.approvals.get(created.requestId))?.status).toBe('received');
  });
});
