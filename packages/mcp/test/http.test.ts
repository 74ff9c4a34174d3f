import { afterEach, describe, expect, it } from 'vitest';
import { McpClient } from '../src/index.js';
import { type HttpFixture, serveOverHttp } from './fixtures/http-server.js';
import { buildBetaServer } from './fixtures/servers.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function served(): Promise<HttpFixture> {
  const fixture = await serveOverHttp(buildBetaServer);
  cleanups.push(fixture.close);
  return fixture;
}

function client(...args: ConstructorParameters<typeof McpClient>): McpClient {
  const created = new McpClient(...args);
  cleanups.push(() => created.close());
  return created;
}

describe('McpClient over Streamable HTTP', () => {
  it('lists and calls a remote server, sending its configured headers', async () => {
    // Prepare
    const remote = await served();
    const mcp = client({
      servers: [
        {
          alias: 'remote',
          enabled: true,
          disabledTools: [],
          transport: { type: 'http', url: remote.url, headers: { authorization: 'Bearer abc' } },
        },
      ],
    });

    // Act
    const catalog = await mcp.listTools();
    const echo = await mcp.callTool('remote__echo', { text: 'over http' });

    // Assess
    expect(catalog.tools.map((tool) => tool.name)).toEqual(['remote__echo']);
    expect(echo.structuredContent).toEqual({ text: 'over http' });
    expect(remote.requests.length).toBeGreaterThan(0);
    expect(remote.requests.every((headers) => headers.authorization === 'Bearer abc')).toBe(true);
  });

  it('reports an unreachable server and serves the others', async () => {
    // Prepare
    const remote = await served();
    const url = remote.url;
    await remote.close();
    const mcp = client({
      servers: [
        {
          alias: 'gone',
          enabled: true,
          disabledTools: [],
          transport: { type: 'http', url, headers: {} },
        },
      ],
      builtins: { beta: buildBetaServer },
    });

    // Act
    const catalog = await mcp.listTools();

    // Assess
    expect(catalog.unavailable).toEqual([
      expect.objectContaining({ alias: 'gone', code: 'server_unavailable' }),
    ]);
    expect(catalog.unavailable[0]?.message).toMatch(/fetch failed|ECONNREFUSED/);
    expect(catalog.tools.map((tool) => tool.name)).toEqual(['beta__echo']);
  });
});
