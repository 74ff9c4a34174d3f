import { configStoreServerSource } from '@agentcore/adapters';
import { McpClient } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

describe('MCP servers from the config store', () => {
  it('serves what was saved, with its disabled tools, and nothing before anything is saved', async () => {
    // Prepare
    const source = configStoreServerSource(db.stores.config);
    const before = await source.loadServers();
    await db.stores.config.save({
      key: 'mcp_servers',
      author: 'U_ADMIN',
      value: [{ alias: 'codes', builtin: 'totp', disabled_tools: ['get_totp_code'] }],
    });
    const client = new McpClient({
      servers: source,
      builtins: builtinServers({ TOTP_SECRET_SOURCE: 'env' }),
    });

    // Act
    const catalog = await client.listTools();
    await client.close();

    // Assess
    expect(before).toEqual([]);
    const names = catalog.tools.map((tool) => tool.name);
    expect(names).toContain('codes__generate_totp_code');
    expect(names).not.toContain('codes__get_totp_code');
  });

  it('refuses a saved configuration that is not valid, naming the problem', async () => {
    // Prepare
    await db.stores.config.save({
      key: 'mcp_servers',
      author: 'U_ADMIN',
      value: [{ alias: 'broken' }],
    });

    // Act
    const attempt = configStoreServerSource(db.stores.config).loadServers();

    // Assess
    await expect(attempt).rejects.toThrow(/MCP server configuration/);
  });
});
