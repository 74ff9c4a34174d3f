import { ValidationError } from '@agentcore/core';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

async function appendEvents(streamId: string, count: number) {
  for (let index = 1; index <= count; index++) {
    await db.stores.audit.append({ streamId, type: 'test.step', actor: 'tester', data: { index } });
  }
}

describe('audit chain', () => {
  it('chains every event to the one before it and verifies', async () => {
    // Prepare
    await appendEvents('chain-ok', 5);

    // Act
    const events = await db.stores.audit.list('chain-ok');
    const verification = await db.stores.audit.verify('chain-ok');

    // Assess
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let index = 1; index < events.length; index++) {
      expect(events[index]?.prevHash).toBe(events[index - 1]?.hash);
    }
    expect(verification).toEqual({ ok: true, events: 5 });
  });

  it('keeps one unbroken chain when writers append at the same time', async () => {
    // Act
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        db.stores.audit.append({ streamId: 'chain-race', type: 'test.step', actor: `w${index}` }),
      ),
    );

    // Assess
    expect(await db.stores.audit.verify('chain-race')).toEqual({ ok: true, events: 6 });
  });

  it('names the event that was edited after it was written', async () => {
    // Prepare
    await appendEvents('chain-edited', 4);
    await db.documents.send(
      new UpdateCommand({
        TableName: db.tables.audit,
        Key: { streamId: 'chain-edited', seq: 3 },
        UpdateExpression: 'SET actor = :a',
        ExpressionAttributeValues: { ':a': 'mallory' },
      }),
    );

    // Act
    const verification = await db.stores.audit.verify('chain-edited');

    // Assess
    expect(verification).toEqual({
      ok: false,
      events: 4,
      brokenAt: 3,
      problem: 'edited',
      reason: 'content does not match its MAC',
    });
  });

  it('notices an event whose hash was recomputed to hide an edit', async () => {
    // Prepare
    await appendEvents('chain-rehashed', 3);
    const [, second] = await db.stores.audit.list('chain-rehashed');
    await db.documents.send(
      new UpdateCommand({
        TableName: db.tables.audit,
        Key: { streamId: 'chain-rehashed', seq: 2 },
        UpdateExpression: 'SET #h = :h',
        ExpressionAttributeNames: { '#h': 'hash' },
        ExpressionAttributeValues: { ':h': 'f'.repeat(64) },
      }),
    );

    // Act
    const verification = await db.stores.audit.verify('chain-rehashed');

    // Assess
    expect(second?.seq).toBe(2);
    expect(verification).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('refuses an event with a bad type or oversized data before writing', async () => {
    // Act
    const badType = db.stores.audit.append({
      streamId: 'chain-bad',
      type: 'Not A Type',
      actor: 'x',
    });
    const oversized = db.stores.audit.append({
      streamId: 'chain-bad',
      type: 'test.big',
      actor: 'x',
      data: { blob: 'z'.repeat(40_000) },
    });

    // Assess
    await expect(badType).rejects.toBeInstanceOf(ValidationError);
    await expect(oversized).rejects.toBeInstanceOf(ValidationError);
    expect(await db.stores.audit.list('chain-bad')).toEqual([]);
  });
});
