import { DuplicateError, ValidationError } from '@agentcore/core';
import { SESSION_TTL_SECONDS } from '@agentcore/store';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';

// A clock the tests move by hand, so TTL values are exact.
let now = new Date('2026-11-21T12:00:00Z');
const nowSeconds = () => Math.floor(now.getTime() / 1000);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(() => now);
});

describe('idempotency keys', () => {
  it('reports the second claim of a key as a duplicate', async () => {
    // Act
    await db.stores.idempotency.claim('slack-event:Ev123', 3_600);
    const second = db.stores.idempotency.claim('slack-event:Ev123', 3_600);

    // Assess
    await expect(second).rejects.toBeInstanceOf(DuplicateError);
    await expect(second).rejects.toMatchObject({ code: 'duplicate' });
  });

  it('stores the TTL attribute and lets the key be claimed again once it has expired', async () => {
    // Prepare
    await db.stores.idempotency.claim('slack-event:Ev456', 60);
    const stored = await db.documents.send(
      new GetCommand({ TableName: db.tables.idempotency, Key: { key: 'slack-event:Ev456' } }),
    );

    // Act
    now = new Date(now.getTime() + 61_000);
    await db.stores.idempotency.claim('slack-event:Ev456', 60);

    // Assess
    expect(stored.Item?.ttl).toBe(nowSeconds() - 61 + 60);
  });

  it('refuses an empty key or a zero TTL', async () => {
    await expect(db.stores.idempotency.claim('', 60)).rejects.toBeInstanceOf(ValidationError);
    await expect(db.stores.idempotency.claim('k', 0)).rejects.toBeInstanceOf(ValidationError);
  });

  it('has TTL enabled on the tables that expire items', async () => {
    // Act
    const sessions = await db.raw.send(
      new DescribeTimeToLiveCommand({ TableName: db.tables.sessions }),
    );
    const keys = await db.raw.send(
      new DescribeTimeToLiveCommand({ TableName: db.tables.idempotency }),
    );

    // Assess
    expect(sessions.TimeToLiveDescription).toMatchObject({
      AttributeName: 'ttl',
      TimeToLiveStatus: 'ENABLED',
    });
    expect(keys.TimeToLiveDescription).toMatchObject({
      AttributeName: 'ttl',
      TimeToLiveStatus: 'ENABLED',
    });
  });
});

describe('Slack sessions', () => {
  const thread = { channelId: 'C42', threadTs: '1700000000.000200' };

  it('maps a thread to its session with a 14-day TTL and forgets it after', async () => {
    // Prepare
    const saved = await db.stores.sessions.save(thread, {
      sessionId: 'session-C42-1700000000.000200',
      turns: [{ role: 'user', content: 'reset 2FA for bob' }],
    });

    // Act
    const found = await db.stores.sessions.get(thread);
    now = new Date(now.getTime() + (SESSION_TTL_SECONDS + 1) * 1000);
    const afterExpiry = await db.stores.sessions.get(thread);

    // Assess
    expect(saved.threadKey).toBe('C42:1700000000.000200');
    expect(found).toEqual(saved);
    expect(found?.ttl).toBe((found?.updatedAt ?? 0) + SESSION_TTL_SECONDS);
    expect(afterExpiry).toBeUndefined();
  });

  it('refuses a thread without a channel and a turn with an unknown role', async () => {
    await expect(db.stores.sessions.get({ channelId: '', threadTs: '1' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      db.stores.sessions.save(thread, {
        sessionId: 's',
        turns: [{ role: 'system' as never, content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
