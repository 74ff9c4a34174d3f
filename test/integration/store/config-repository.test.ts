import { ValidationError, VersionConflictError } from '@agentcore/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

describe('config', () => {
  it('keeps every version, newest first, and audits each save', async () => {
    // Prepare
    const v1 = [{ alias: 'totp', command: 'node', args: ['totp.js'] }];
    const v2 = [...v1, { alias: 'gifs', command: 'node', args: ['gifs.js'] }];

    // Act
    await db.stores.config.save({ key: 'mcp_servers', value: v1, author: 'U_ADMIN' });
    await db.stores.config.save({
      key: 'mcp_servers',
      value: v2,
      author: 'U_ADMIN',
      expectedVersion: 1,
    });
    const latest = await db.stores.config.latest('mcp_servers');
    const history = await db.stores.config.history('mcp_servers');

    // Assess
    expect(latest).toMatchObject({ version: 2, value: v2, author: 'U_ADMIN' });
    expect(history.map((version) => version.value)).toEqual([v2, v1]);
    const audit = await db.stores.audit.list('config');
    expect(audit.map((event) => event.data)).toEqual([
      { key: 'mcp_servers', version: 1 },
      { key: 'mcp_servers', version: 2 },
    ]);
  });

  it('refuses a save based on an outdated version', async () => {
    // Prepare
    await db.stores.config.save({ key: 'prompts', value: { system: 'a' }, author: 'U_ADMIN' });
    await db.stores.config.save({ key: 'prompts', value: { system: 'b' }, author: 'U_OTHER' });

    // Act
    const stale = db.stores.config.save({
      key: 'prompts',
      value: { system: 'c' },
      author: 'U_ADMIN',
      expectedVersion: 1,
    });

    // Assess
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    expect((await db.stores.config.latest('prompts'))?.value).toEqual({ system: 'b' });
  });

  it('lets only one of two concurrent saves of the same version win', async () => {
    // Act
    const results = await Promise.allSettled([
      db.stores.config.save({ key: 'policies', value: ['a'], author: 'U1', expectedVersion: 0 }),
      db.stores.config.save({ key: 'policies', value: ['b'], author: 'U2', expectedVersion: 0 }),
    ]);

    // Assess
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await db.stores.config.history('policies')).toHaveLength(1);
  });

  it('refuses an unknown key or a value that is not JSON', async () => {
    await expect(
      db.stores.config.save({ key: 'secrets' as never, value: {}, author: 'U_ADMIN' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      db.stores.config.save({
        key: 'prompts',
        value: { at: new Date() } as never,
        author: 'U_ADMIN',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
