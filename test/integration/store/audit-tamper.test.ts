import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '@agentcore/core';
import {
  ANCHOR_SEQ,
  AuditAnchorMissingError,
  createStores,
  fixedAuditKeys,
  rotateAuditKeyring,
} from '@agentcore/store';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';

// What someone with write access to the audit table, but without the audit key, can do to a
// chain, and what `verify` says about each.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

async function appendEvents(streamId: string, count: number) {
  for (let index = 1; index <= count; index++) {
    await db.stores.audit.append({
      streamId,
      type: 'test.step',
      actor: 'tester',
      data: { index, approvedDigest: `sha256:${'a'.repeat(64)}`, calls: [{ tool: 'x' }] },
    });
  }
}

async function storedItems(streamId: string): Promise<Record<string, unknown>[]> {
  const page = await db.documents.send(
    new QueryCommand({
      TableName: db.tables.audit,
      KeyConditionExpression: 'streamId = :s',
      ExpressionAttributeValues: { ':s': streamId },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

async function deleteEvent(streamId: string, seq: number) {
  await db.documents.send(
    new DeleteCommand({ TableName: db.tables.audit, Key: { streamId, seq } }),
  );
}

async function putItem(item: Record<string, unknown>) {
  await db.documents.send(new PutCommand({ TableName: db.tables.audit, Item: item }));
}

/** SHA-256 of the event's fields, the way an unkeyed chain (and anyone without the key) hashes. */
function unkeyedHash(event: Record<string, unknown>): string {
  const { streamId, type, actor, data, seq, at, prevHash, keyId } = event;
  const text = canonicalJson({ streamId, type, actor, data, seq, at, prevHash, keyId });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Edits event `from`'s data, then rewrites every later event's link and hash to match. */
async function rewriteChainFrom(streamId: string, from: number, keepKeyIds: boolean) {
  const events = (await storedItems(streamId)).filter((item) => item.seq !== ANCHOR_SEQ);
  let prevHash = String(events[from - 2]?.hash ?? '0'.repeat(64));
  for (const event of events.slice(from - 1)) {
    const { keyId: _keyId, ...withoutKey } = event;
    const edited: Record<string, unknown> = { ...(keepKeyIds ? event : withoutKey), prevHash };
    if (edited.seq === from) edited.data = { index: 999, approvedDigest: 'forged' };
    const hash = unkeyedHash(edited);
    prevHash = hash;
    edited.hash = hash;
    await putItem(edited);
  }
}

describe('a keyed, anchored audit chain under attack', () => {
  it('verifies an untouched chain, whatever JSON its events carry', async () => {
    // Prepare
    await appendEvents('untouched', 4);

    // Act
    const verification = await db.stores.audit.verify('untouched');

    // Assess
    expect(verification).toEqual({ ok: true, events: 4 });
    const listed = await db.stores.audit.list('untouched');
    expect(listed.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(listed[0]?.data).toMatchObject({ approvedDigest: `sha256:${'a'.repeat(64)}` });
  });

  it('reports a missing tail when the newest event is deleted', async () => {
    // Prepare
    await appendEvents('tail-cut', 4);
    await deleteEvent('tail-cut', 4);

    // Act
    const verification = await db.stores.audit.verify('tail-cut');

    // Assess
    expect(verification).toMatchObject({
      ok: false,
      events: 3,
      brokenAt: 4,
      problem: 'missing_tail',
      reason: expect.stringContaining('event 4 is gone'),
    });
  });

  it('reports a missing tail when every event of the stream is deleted, and keeps the gap on the next write', async () => {
    // Prepare
    await appendEvents('emptied', 3);
    for (const seq of [1, 2, 3]) await deleteEvent('emptied', seq);

    // Act
    const emptied = await db.stores.audit.verify('emptied');
    await db.stores.audit.append({ streamId: 'emptied', type: 'test.later', actor: 'tester' });
    const afterNextWrite = await db.stores.audit.verify('emptied');

    // Assess
    expect(emptied).toMatchObject({ ok: false, brokenAt: 1, problem: 'missing_tail' });
    expect(afterNextWrite).toMatchObject({ ok: false, brokenAt: 1, problem: 'missing_event' });
  });

  it('names the edited event when one event is changed in place', async () => {
    // Prepare
    await appendEvents('edited', 5);
    const [, , third] = await storedItems('edited');
    await putItem({ ...third, data: { index: 3, approvedDigest: 'forged' } });

    // Act
    const verification = await db.stores.audit.verify('edited');

    // Assess
    expect(verification).toMatchObject({ ok: false, brokenAt: 3, problem: 'edited' });
  });

  it('detects an edit hidden by recomputing every later hash with plain SHA-256', async () => {
    // Prepare: the attacker edits event 2, relinks 2..5 and fixes the anchor's head hash.
    await appendEvents('rehashed', 5);
    await rewriteChainFrom('rehashed', 2, true);
    const anchor = (await storedItems('rehashed')).find((item) => item.seq === ANCHOR_SEQ);
    const last = (await storedItems('rehashed')).find((item) => item.seq === 5);
    await putItem({ ...anchor, headHash: last?.hash });

    // Act
    const verification = await db.stores.audit.verify('rehashed');

    // Assess
    expect(verification).toMatchObject({ ok: false, brokenAt: 2, problem: 'edited' });
  });

  it('detects a chain recomputed as unkeyed, even with its anchor removed', async () => {
    // Prepare: every event rewritten without its key id (as if written before keying).
    await appendEvents('downgraded', 4);
    await rewriteChainFrom('downgraded', 1, false);
    await deleteEvent('downgraded', ANCHOR_SEQ);

    // Act
    const verification = await db.stores.audit.verify('downgraded');

    // Assess
    expect(verification).toMatchObject({ ok: false, brokenAt: 1, problem: 'unkeyed' });
  });

  it('detects an anchor rewritten, without the key, to match a shortened chain', async () => {
    // Prepare: the last event is deleted and the anchor moved back onto event 3.
    await appendEvents('anchor-forged', 4);
    await deleteEvent('anchor-forged', 4);
    const items = await storedItems('anchor-forged');
    const anchor = items.find((item) => item.seq === ANCHOR_SEQ);
    const third = items.find((item) => item.seq === 3);
    const guessedKey = randomBytes(32);
    const forged = { ...anchor, headSeq: 3, headHash: third?.hash };
    const mac = createHash('sha256')
      .update(guessedKey)
      .update(canonicalJson({ ...forged, mac: undefined }))
      .digest('hex');
    await putItem({ ...forged, mac });

    // Act
    const verification = await db.stores.audit.verify('anchor-forged');

    // Assess
    expect(verification).toMatchObject({ ok: false, brokenAt: 3, problem: 'bad_anchor' });
  });

  it('reports a deleted anchor, and refuses to extend the stream over it', async () => {
    // Prepare
    await appendEvents('anchor-deleted', 3);
    await deleteEvent('anchor-deleted', 3);
    await deleteEvent('anchor-deleted', ANCHOR_SEQ);
    const anotherFunction = createStores(db.documents, db.tables, fixedAuditKeys(db.auditKeyring));

    // Act
    const verification = await db.stores.audit.verify('anchor-deleted');
    const append = anotherFunction.audit.append({
      streamId: 'anchor-deleted',
      type: 'test.later',
      actor: 'tester',
    });

    // Assess
    expect(verification).toMatchObject({ ok: false, brokenAt: 2, problem: 'missing_anchor' });
    await expect(append).rejects.toBeInstanceOf(AuditAnchorMissingError);
  });

  it('verifies a chain across a key rotation with the keyring, and names an unknown key', async () => {
    // Prepare: two events under the first key, two under the next.
    await appendEvents('rotated', 2);
    const rotated = rotateAuditKeyring(db.auditKeyring);
    const afterRotation = createStores(db.documents, db.tables, fixedAuditKeys(rotated));
    for (const index of [3, 4]) {
      await afterRotation.audit.append({
        streamId: 'rotated',
        type: 'test.step',
        actor: 'tester',
        data: { index },
      });
    }
    const newKeyOnly = createStores(
      db.documents,
      db.tables,
      fixedAuditKeys({ ...rotated, keys: new Map([[rotated.current.id, rotated.current]]) }),
    );

    // Act
    const withKeyring = await afterRotation.audit.verify('rotated');
    const withNewKeyOnly = await newKeyOnly.audit.verify('rotated');

    // Assess
    const keyIds = (await afterRotation.audit.list('rotated')).map((event) => event.keyId);
    expect(keyIds).toEqual([
      db.auditKeyring.current.id,
      db.auditKeyring.current.id,
      rotated.current.id,
      rotated.current.id,
    ]);
    expect(withKeyring).toEqual({ ok: true, events: 4 });
    expect(withNewKeyOnly).toMatchObject({ ok: false, brokenAt: 1, problem: 'unknown_key' });
  });

  it('accepts unkeyed events from before keying as legacy, then keys the rest of the stream', async () => {
    // Prepare: two events as the earlier, unkeyed code wrote them (no key id, no anchor).
    const at = '2026-01-01T00:00:00.000Z';
    let prevHash = '0'.repeat(64);
    for (const seq of [1, 2]) {
      const event = {
        streamId: 'legacy',
        type: 'test.old',
        actor: 'a',
        data: {},
        seq,
        at,
        prevHash,
      };
      const hash = unkeyedHash(event);
      await putItem({ ...event, hash });
      prevHash = hash;
    }
    const keyring = { ...db.auditKeyring, legacyBefore: new Date('2026-02-01T00:00:00.000Z') };
    const upgraded = createStores(db.documents, db.tables, fixedAuditKeys(keyring));

    // Act
    await upgraded.audit.append({ streamId: 'legacy', type: 'test.new', actor: 'b' });
    const verified = await upgraded.audit.verify('legacy');
    const withoutLegacyCutoff = await db.stores.audit.verify('legacy');

    // Assess
    expect(verified).toEqual({ ok: true, events: 3, legacy: 2 });
    expect(withoutLegacyCutoff).toMatchObject({ ok: false, brokenAt: 1, problem: 'unkeyed' });
    const stored = await db.documents.send(
      new GetCommand({ TableName: db.tables.audit, Key: { streamId: 'legacy', seq: ANCHOR_SEQ } }),
    );
    expect(stored.Item).toMatchObject({ headSeq: 3 });
  });
});
