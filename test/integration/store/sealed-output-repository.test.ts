import { SealingKey } from '@agentcore/store';
import { ManualClock } from '@agentcore/workflow/testing';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';

let db: TestDatabase;
let clock: ManualClock;
const key = SealingKey.generate();

beforeAll(async () => {
  clock = new ManualClock();
  db = await createTestDatabase(clock.now);
});

let next = 0;
function requestId(): string {
  next += 1;
  return `01JSEALED${String(next).padStart(17, '0')}`;
}

const SECRET = 'code 518204';

async function sealOne(id: string, recipient = 'U_ALICE') {
  return db.stores
    .sealedOutputs(async () => key)
    .seal({ requestId: id, recipient, tool: 'totp__get_totp_code', output: SECRET });
}

describe('DynamoSealedOutputRepository', () => {
  it('keeps only ciphertext, and audits the sealing with the digest', async () => {
    const id = requestId();

    const { digest } = await sealOne(id);

    const raw = await db.documents.send(new ScanCommand({ TableName: db.tables.sealedOutputs }));
    expect(JSON.stringify(raw.Items)).not.toContain('518204');
    const events = await db.stores.audit.list(id);
    expect(events.map((event) => [event.type, event.data.digest])).toEqual([
      ['sensitive_output.sealed', digest],
    ]);
    expect(JSON.stringify(events)).not.toContain('518204');
  });

  it('hands the secret to its recipient once; then it is gone', async () => {
    const id = requestId();
    const { digest } = await sealOne(id);
    const repository = db.stores.sealedOutputs(async () => key);

    const first = await repository.take(id, 'U_ALICE');
    const second = await repository.take(id, 'U_ALICE');

    expect(first).toEqual({
      status: 'delivered',
      outputs: [expect.objectContaining({ tool: 'totp__get_totp_code', output: SECRET, digest })],
    });
    expect(second).toEqual({ status: 'gone' });
    const types = (await db.stores.audit.list(id)).map((event) => event.type);
    expect(types).toEqual(['sensitive_output.sealed', 'sensitive_output.delivered']);
  });

  it('has nothing for anyone but the recipient, and leaves theirs in place', async () => {
    const id = requestId();
    await sealOne(id);
    const repository = db.stores.sealedOutputs(async () => key);

    expect(await repository.take(id, 'U_APPROVER')).toEqual({ status: 'none' });
    expect((await repository.take(id, 'U_ALICE')).status).toBe('delivered');
  });

  it('delivers to exactly one of many readers at the same time', async () => {
    const id = requestId();
    await sealOne(id);
    const repository = db.stores.sealedOutputs(async () => key);

    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => repository.take(id, 'U_ALICE')),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'delivered')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'gone')).toHaveLength(5);
  });

  it('cannot be opened under another key, and is gone once expired', async () => {
    const otherKey = requestId();
    await sealOne(otherKey);
    const expiring = requestId();
    await sealOne(expiring);

    const unreadable = await db.stores
      .sealedOutputs(async () => SealingKey.generate())
      .take(otherKey, 'U_ALICE');
    clock.advance(901_000);
    const expired = await db.stores.sealedOutputs(async () => key).take(expiring, 'U_ALICE');

    expect(unreadable).toEqual({ status: 'gone' });
    expect(expired).toEqual({ status: 'gone' });
  });
});
