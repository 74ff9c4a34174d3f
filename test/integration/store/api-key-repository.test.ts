import { ManualClock } from '@agentcore/workflow/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';

let db: TestDatabase;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock();
  db = await createTestDatabase(clock.now);
});

let next = 0;
function newKey(overrides: Record<string, unknown> = {}) {
  next += 1;
  return {
    keyId: `key${String(next).padStart(13, '0')}`,
    secretHash: 'a'.repeat(64),
    userId: 'U_ALICE',
    displayName: 'Alice',
    roles: ['requester' as const],
    createdBy: 'U_ADMIN',
    ...overrides,
  };
}

describe('DynamoApiKeyRepository', () => {
  it('stores a key with who created it and when, and audits the creation', async () => {
    const created = await db.stores.apiKeys.create(newKey());

    expect(await db.stores.apiKeys.get(created.keyId)).toEqual(created);
    expect(created.createdAt).toBe(clock.now().toISOString());
    const events = await db.stores.audit.list('api-keys');
    expect(events.at(-1)).toMatchObject({
      type: 'api_key.created',
      actor: 'U_ADMIN',
      data: { keyId: created.keyId, userId: 'U_ALICE', roles: ['requester'] },
    });
    expect(JSON.stringify(events)).not.toContain('a'.repeat(64));
  });

  it('refuses a key without a role, or with a secret hash that is not one', async () => {
    await expect(db.stores.apiKeys.create(newKey({ roles: [] }))).rejects.toThrow(/roles/);
    await expect(db.stores.apiKeys.create(newKey({ secretHash: 'secret' }))).rejects.toThrow(
      /secretHash/,
    );
  });

  it('revokes once: the key stays listed as revoked, by whom and when', async () => {
    const created = await db.stores.apiKeys.create(newKey());
    clock.advance(1_000);

    const revoked = await db.stores.apiKeys.revoke(created.keyId, 'U_ADMIN');
    const again = await db.stores.apiKeys.revoke(created.keyId, 'U_OTHER_ADMIN');

    expect(revoked).toMatchObject({ revokedAt: clock.now().toISOString(), revokedBy: 'U_ADMIN' });
    expect(again).toEqual(revoked);
    const revocations = (await db.stores.audit.list('api-keys')).filter(
      (event) => event.type === 'api_key.revoked' && event.data.keyId === created.keyId,
    );
    expect(revocations).toHaveLength(1);
  });

  it('answers not found when revoking a key that never existed', async () => {
    await expect(db.stores.apiKeys.revoke('nosuchkey0000000', 'U_ADMIN')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('records when a key was last used, but never revives a revoked key', async () => {
    const used = await db.stores.apiKeys.create(newKey());
    const gone = await db.stores.apiKeys.create(newKey());
    await db.stores.apiKeys.revoke(gone.keyId, 'U_ADMIN');
    clock.advance(5_000);

    await db.stores.apiKeys.touch(used.keyId, clock.now());
    await db.stores.apiKeys.touch(gone.keyId, clock.now());
    await db.stores.apiKeys.touch('nosuchkey0000001', clock.now());

    expect((await db.stores.apiKeys.get(used.keyId))?.lastUsedAt).toBe(clock.now().toISOString());
    expect((await db.stores.apiKeys.get(gone.keyId))?.lastUsedAt).toBeUndefined();
    expect(await db.stores.apiKeys.get('nosuchkey0000001')).toBeUndefined();
  });

  it('lists every key, newest first', async () => {
    clock.advance(60_000);
    const newest = await db.stores.apiKeys.create(newKey({ userId: 'U_NEWEST' }));

    const listed = await db.stores.apiKeys.list();

    expect(listed[0]).toEqual(newest);
    const times = listed.map((key) => key.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
