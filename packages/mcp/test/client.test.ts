import { afterEach, describe, expect, it } from 'vitest';
import {
  fallbackServerConfigSource,
  InMemoryAuditSink,
  McpClient,
  type McpClientOptions,
  ServerUnavailableError,
  staticServerConfigSource,
  ToolDisabledError,
  ToolNotAllowedError,
  UnknownToolError,
} from '../src/index.js';
import { builtinServer } from './fixtures/launch.js';
import { alphaFactory, buildBetaServer } from './fixtures/servers.js';

const clients: McpClient[] = [];

function client(options: McpClientOptions): McpClient {
  const created = new McpClient(options);
  clients.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('McpClient over in-process servers', () => {
  it('lists and calls tools across two servers under alias__tool names', async () => {
    // Prepare
    const mcp = client({
      servers: [],
      builtins: { alpha: alphaFactory().build, beta: buildBetaServer },
    });

    // Act
    const catalog = await mcp.listTools();
    const sum = await mcp.callTool('alpha__add', { a: 2, b: 3 });
    const echo = await mcp.callTool('beta/echo', { text: 'ping' });

    // Assess
    expect(catalog.tools.map((tool) => tool.name)).toEqual([
      'alpha__add',
      'alpha__big_text',
      'alpha__delete_everything',
      'alpha__greet',
      'alpha__install_extra_tool',
      'alpha__whoami',
      'beta__echo',
    ]);
    expect(catalog.unavailable).toEqual([]);
    const greet = catalog.tools.find((tool) => tool.name === 'alpha__greet');
    expect(greet).toMatchObject({
      displayName: 'alpha/greet',
      alias: 'alpha',
      toolName: 'greet',
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
    });
    expect(greet?.pin).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sum).toEqual({
      tool: 'alpha__add',
      isError: false,
      text: '5',
      truncated: false,
      structuredContent: { sum: 5 },
    });
    expect(echo.text).toBe('ping');
  });

  it('neither lists nor calls a disabled tool, in any spelling', async () => {
    // Prepare
    const mcp = client({
      servers: [
        builtinServer('alpha', { disabledTools: ['delete_everything', 'alpha__big_text'] }),
      ],
      builtins: { alpha: alphaFactory().build },
    });

    // Act
    const names = (await mcp.listTools()).tools.map((tool) => tool.name);
    const calls = ['alpha__delete_everything', 'alpha/delete_everything', 'alpha__big_text'].map(
      (name) => mcp.callTool(name, { confirm: true }),
    );

    // Assess
    expect(names).not.toContain('alpha__delete_everything');
    expect(names).not.toContain('alpha__big_text');
    expect(names).toContain('alpha__greet');
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(ToolDisabledError);
  });

  it('reports a server that fails to start and keeps serving the others', async () => {
    // Prepare
    const audit = new InMemoryAuditSink();
    const mcp = client({
      servers: [builtinServer('broken', { builtin: 'missing' })],
      builtins: {
        beta: buildBetaServer,
        exploding: () => {
          throw new Error('cannot build');
        },
      },
      audit,
      clock: () => new Date('2026-01-02T03:04:05.000Z'),
    });

    // Act
    const catalog = await mcp.listTools();
    const echo = await mcp.callTool('beta__echo', { text: 'still here' });
    const broken = mcp.callTool('exploding__anything', {});

    // Assess
    expect(catalog.tools.map((tool) => tool.name)).toEqual(['beta__echo']);
    expect(catalog.unavailable.map(({ alias, code }) => ({ alias, code }))).toEqual([
      { alias: 'broken', code: 'server_unavailable' },
      { alias: 'exploding', code: 'server_unavailable' },
    ]);
    expect(catalog.unavailable[1]?.message).toContain('cannot build');
    expect(echo.text).toBe('still here');
    await expect(broken).rejects.toBeInstanceOf(ServerUnavailableError);
    expect(audit.events.filter((event) => event.type === 'mcp.server_unavailable')).toHaveLength(3);
    expect(audit.events[0]).toMatchObject({
      type: 'mcp.server_unavailable',
      at: '2026-01-02T03:04:05.000Z',
      actor: 'system',
    });
  });

  it('refuses unknown aliases, unknown tools and tools of a disabled server', async () => {
    // Prepare
    const mcp = client({
      servers: [builtinServer('beta', { enabled: false })],
      builtins: { alpha: alphaFactory().build, beta: buildBetaServer },
    });

    // Act
    const catalog = await mcp.listTools();
    const calls = [
      mcp.callTool('gamma__echo', {}),
      mcp.callTool('alpha__nope', {}),
      mcp.callTool('beta__echo', { text: 'x' }),
    ];

    // Assess
    expect(catalog.tools.some((tool) => tool.alias === 'beta')).toBe(false);
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(UnknownToolError);
  });

  it('caps long results with an explicit truncation marker', async () => {
    // Prepare
    const mcp = client({
      servers: [],
      builtins: { alpha: alphaFactory().build },
      maxResultChars: 1_000,
    });

    // Act
    const result = await mcp.callTool('alpha__big_text', { chars: 5_000 });

    // Assess
    expect(result.truncated).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(1_000);
    expect(result.text).toMatch(/\n\[truncated: showing \d+ of 5000 characters\]$/);
  });

  it("keeps tools outside the deployment's ceiling out of the catalog, pins and calls", async () => {
    // Prepare
    const mcp = client({
      servers: [],
      builtins: { alpha: alphaFactory().build, beta: buildBetaServer },
      allowedToolsCeiling: ['alpha__greet', 'beta/echo'],
    });

    // Act
    const names = (await mcp.listTools()).tools.map((tool) => tool.name);
    const call = mcp.callTool('alpha__add', { a: 1, b: 2 });
    const pinning = mcp.pinTools(['alpha__greet', 'alpha__add']);

    // Assess
    expect(names).toEqual(['alpha__greet', 'beta__echo']);
    await expect(call).rejects.toBeInstanceOf(ToolNotAllowedError);
    await expect(pinning).rejects.toBeInstanceOf(ToolNotAllowedError);
  });

  it("returns a tool's own failure as an error result, not a thrown error", async () => {
    // Prepare
    const mcp = client({ servers: [], builtins: { alpha: alphaFactory().build } });

    // Act
    const result = await mcp.callTool('alpha__add', { a: 'one', b: 2 });

    // Assess
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/a/);
    expect(result.structuredContent).toBeUndefined();
  });

  it('takes servers from the first configuration source that has any', async () => {
    // Prepare
    const empty = staticServerConfigSource([]);
    const configured = staticServerConfigSource([builtinServer('b2', { builtin: 'beta' })]);
    const mcp = client({
      servers: fallbackServerConfigSource(empty, configured),
      builtins: { beta: buildBetaServer },
    });

    // Act
    const names = (await mcp.listTools()).tools.map((tool) => tool.name);

    // Assess
    expect(names).toEqual(['b2__echo', 'beta__echo']);
  });
});
