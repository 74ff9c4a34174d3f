import { buildMcpClient } from '@agentcore/adapters';
import { silentLogger, ToolDisabledError } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';

// One running MCP client (as a warm Lambda keeps it) while the config store changes under it.

let db: TestDatabase;
let mcp: ReturnType<typeof buildMcpClient>;

beforeAll(async () => {
  db = await createTestDatabase();
  mcp = buildMcpClient({
    env: {},
    builtins: builtinServers({ TOTP_SECRET_SOURCE: 'env', TOTP_SECRET_DEMO: 'GEZDGNBVGY3TQOJQ' }),
    config: db.stores.config,
    audit: db.stores.audit,
    logger: silentLogger,
  });
});

afterAll(async () => {
  await mcp?.close();
});

const names = async () => (await mcp.listTools()).tools.map((tool) => tool.name);

describe('a running MCP client over the config store', () => {
  it('follows each saved version on its next use: disabled tools, a new alias, an emptied list', async () => {
    // Prepare
    const initially = await names();

    // Act
    await db.stores.config.save({
      key: 'mcp_servers',
      author: 'U_ADMIN',
      value: { servers: [{ alias: 'totp', builtin: 'totp', disabledTools: ['get_totp_code'] }] },
    });
    const disabled = await names();
    const refused = await mcp.callTool('totp__get_totp_code', { secret_name: 'demo' }).then(
      () => 'ran',
      (error: unknown) => error,
    );
    await db.stores.config.save({
      key: 'mcp_servers',
      author: 'U_ADMIN',
      value: [
        { alias: 'totp', builtin: 'totp', disabledTools: ['get_totp_code'] },
        { alias: 'codes', builtin: 'totp' },
      ],
    });
    const added = await names();
    await db.stores.config.save({ key: 'mcp_servers', author: 'U_ADMIN', value: [] });
    const emptied = await names();

    // Assess
    expect(initially).toContain('totp__get_totp_code');
    expect(disabled).not.toContain('totp__get_totp_code');
    expect(disabled).toContain('totp__generate_totp_code');
    expect(refused).toBeInstanceOf(ToolDisabledError);
    expect(added).toContain('codes__get_totp_code');
    // Nothing configured: the built-in servers are served whole again.
    expect(emptied).toContain('totp__get_totp_code');
    expect(emptied.some((name) => name.startsWith('codes__'))).toBe(false);
  });
});
