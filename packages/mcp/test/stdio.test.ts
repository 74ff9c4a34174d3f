import { afterEach, describe, expect, it } from 'vitest';
import {
  McpClient,
  type McpClientOptions,
  ServerCrashedError,
  ToolCallCancelledError,
  ToolTimeoutError,
} from '../src/index.js';
import { LAUNCH, stdioServer } from './fixtures/launch.js';
import { buildBetaServer } from './fixtures/servers.js';

const clients: McpClient[] = [];

function client(options: Partial<McpClientOptions>): McpClient {
  const created = new McpClient({ servers: [], launch: LAUNCH, ...options });
  clients.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('McpClient over stdio', () => {
  it('lists and calls tools of a child process and an in-process server together', async () => {
    // Prepare
    const mcp = client({ servers: [stdioServer('proc')], builtins: { beta: buildBetaServer } });
    const session = mcp.openSession({ allowedTools: ['proc__echo', 'beta__echo'] });

    // Act
    const list = await session.listTools();
    const fromChild = await session.callTool('proc__echo', { text: 'over stdio' });
    const inProcess = await session.callTool('beta__echo', { text: 'in memory' });

    // Assess
    expect(list.tools.map((tool) => tool.displayName)).toEqual(['beta/echo', 'proc/echo']);
    expect(fromChild.structuredContent).toEqual({ text: 'over stdio' });
    expect(inProcess.text).toBe('in memory');
  });

  it("gives the child only its configured environment and a PATH, never the parent's", async () => {
    // Prepare
    process.env.MCP_TEST_PARENT_SECRET = 'must-not-leak';
    const mcp = client({ servers: [stdioServer('proc', { env: { SERVER_TOKEN: 't0k3n' } })] });

    // Act
    const result = await mcp.callTool('proc__env_names').finally(() => {
      delete process.env.MCP_TEST_PARENT_SECRET;
    });

    // Assess
    expect(result.structuredContent).toEqual({ names: ['PATH', 'SERVER_TOKEN'] });
  });

  it('passes the requester as request metadata, not as a command-line argument', async () => {
    // Prepare
    const mcp = client({ servers: [stdioServer('proc')] });
    const session = mcp.openSession({
      allowedTools: ['proc__whoami'],
      requester: { userId: 'U42', email: 'grace@example.com', groups: [] },
    });

    // Act
    const result = await session.callTool('proc__whoami');

    // Assess
    expect(result.structuredContent).toEqual({ userId: 'U42', argv: [] });
  });

  it('fails a call cleanly when the server crashes mid-call, and reconnects for the next', async () => {
    // Prepare
    const mcp = client({ servers: [stdioServer('proc')] });
    const session = mcp.openSession({ allowedTools: ['proc__crash', 'proc__echo'] });
    await session.callTool('proc__echo', { text: 'before' });

    // Act
    const crash = session.callTool('proc__crash');
    await expect(crash).rejects.toBeInstanceOf(ServerCrashedError);
    const after = await session.callTool('proc__echo', { text: 'after' });

    // Assess
    await expect(crash).rejects.toThrow(
      /'proc' went away during proc\/crash: the process exited with code 3/,
    );
    expect(after.text).toBe('after');
  });

  it('times out a hanging tool and keeps the connection usable', async () => {
    // Prepare
    const mcp = client({ servers: [stdioServer('proc')] });
    const session = mcp.openSession({ allowedTools: ['proc__hang', 'proc__echo'] });

    // Act
    const hang = session.callTool('proc__hang', {}, { timeoutMs: 50 });
    await expect(hang).rejects.toBeInstanceOf(ToolTimeoutError);
    const next = await session.callTool('proc__echo', { text: 'alive' });

    // Assess
    await expect(hang).rejects.toMatchObject({ code: 'tool_timeout', timeoutMs: 50 });
    expect(next.text).toBe('alive');
  });

  it("cancels a call when the caller's signal aborts", async () => {
    // Prepare
    const mcp = client({ servers: [stdioServer('proc')] });
    const controller = new AbortController();
    await mcp.callTool('proc__echo', { text: 'warm' });

    // Act
    const hang = mcp.callTool('proc__hang', {}, { signal: controller.signal });
    controller.abort();

    // Assess
    await expect(hang).rejects.toBeInstanceOf(ToolCallCancelledError);
  });

  it('reports a child that cannot start and still serves the other servers', async () => {
    // Prepare
    const missing = {
      alias: 'ghost',
      enabled: true,
      disabledTools: [],
      transport: { type: 'stdio' as const, command: '/nonexistent/mcp-server', args: [], env: {} },
    };
    const mcp = client({ servers: [missing, stdioServer('proc')] });

    // Act
    const catalog = await mcp.listTools();

    // Assess
    expect(catalog.unavailable).toEqual([
      expect.objectContaining({ alias: 'ghost', code: 'server_unavailable' }),
    ]);
    expect(catalog.unavailable[0]?.message).toContain('ENOENT');
    expect(catalog.tools.map((tool) => tool.name)).toContain('proc__echo');
  });
});
