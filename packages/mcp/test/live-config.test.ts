import { afterEach, describe, expect, it } from 'vitest';
import {
  McpClient,
  type McpServerConfigSource,
  type McpServerDefinitionInput,
  McpServerDefinitionSchema,
  ServerUnavailableError,
  ToolDisabledError,
  UnknownToolError,
} from '../src/index.js';
import { alphaFactory, buildBetaServer } from './fixtures/servers.js';

/** A config store in miniature: a list of definitions and a version that each save bumps. */
class VersionedSource implements McpServerConfigSource {
  version_ = 1;
  versionChecks = 0;
  constructor(private servers: McpServerDefinitionInput[]) {}
  save(servers: McpServerDefinitionInput[]): void {
    this.servers = servers;
    this.version_ += 1;
  }
  async loadServers() {
    return this.servers.map((server) => McpServerDefinitionSchema.parse(server));
  }
  async version() {
    this.versionChecks += 1;
    return String(this.version_);
  }
}

const clients: McpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** Built-in factories that count how often a server was started (each start is a connection). */
function countedBuiltins() {
  const starts = { alpha: 0, beta: 0 };
  const alpha = alphaFactory();
  return {
    starts,
    builtins: {
      alpha: () => {
        starts.alpha += 1;
        return alpha.build();
      },
      beta: () => {
        starts.beta += 1;
        return buildBetaServer();
      },
    },
  };
}

const inMemory = (alias: string, builtin = alias) => ({
  alias,
  transport: { type: 'in-memory' as const, builtin },
});

describe('McpClient with a versioned configuration source', () => {
  it('sees a newly disabled tool on the next use, without reconnecting the server', async () => {
    // Prepare
    const source = new VersionedSource([inMemory('alpha')]);
    const { starts, builtins } = countedBuiltins();
    const mcp = new McpClient({ servers: source, builtins: { alpha: builtins.alpha } });
    clients.push(mcp);
    expect(await mcp.callTool('alpha__add', { a: 1, b: 2 })).toMatchObject({ text: '3' });

    // Act
    source.save([{ ...inMemory('alpha'), disabledTools: ['add'] }]);
    const listed = await mcp.listTools();
    const call = mcp.callTool('alpha__add', { a: 1, b: 2 });

    // Assess
    await expect(call).rejects.toBeInstanceOf(ToolDisabledError);
    expect(listed.tools.map((tool) => tool.name)).not.toContain('alpha__add');
    expect(listed.tools.map((tool) => tool.name)).toContain('alpha__greet');
    expect(starts.alpha).toBe(1);
  });

  it('connects a newly added server and drops a removed one, leaving the others connected', async () => {
    // Prepare
    const source = new VersionedSource([inMemory('first', 'alpha')]);
    const { starts, builtins } = countedBuiltins();
    const mcp = new McpClient({ servers: source, builtins });
    clients.push(mcp);
    await mcp.callTool('first__add', { a: 1, b: 1 });

    // Act
    source.save([inMemory('first', 'alpha'), inMemory('second', 'beta')]);
    const echoed = await mcp.callTool('second__echo', { text: 'hi' });
    source.save([inMemory('second', 'beta')]);
    const afterRemoval = mcp.callTool('first__add', { a: 1, b: 1 });

    // Assess
    expect(echoed.text).toContain('hi');
    await expect(afterRemoval).rejects.toBeInstanceOf(UnknownToolError);
    // The built-in `alpha` and `beta` are served under their own names too, and never restarted
    // by a change that does not concern them.
    expect(starts).toEqual({ alpha: 1, beta: 1 });
  });

  it('reconnects a server whose transport changed', async () => {
    // Prepare
    const source = new VersionedSource([inMemory('svc', 'alpha')]);
    const { builtins } = countedBuiltins();
    const mcp = new McpClient({ servers: source, builtins });
    clients.push(mcp);
    expect((await mcp.listTools()).tools.map((tool) => tool.name)).toContain('svc__greet');

    // Act
    source.save([inMemory('svc', 'beta')]);
    const names = (await mcp.listTools()).tools.map((tool) => tool.name);

    // Assess
    expect(names).toContain('svc__echo');
    expect(names).not.toContain('svc__greet');
  });

  it('checks the version once per use and loads nothing while it is unchanged', async () => {
    // Prepare
    const source = new VersionedSource([inMemory('alpha')]);
    let loads = 0;
    const counting: McpServerConfigSource = {
      loadServers: () => {
        loads += 1;
        return source.loadServers();
      },
      version: () => source.version(),
    };
    const mcp = new McpClient({ servers: counting, builtins: countedBuiltins().builtins });
    clients.push(mcp);

    // Act
    await mcp.listTools();
    await mcp.callTool('alpha__add', { a: 1, b: 1 });
    await mcp.listTools();

    // Assess
    expect(loads).toBe(1);
    expect(source.versionChecks).toBeGreaterThanOrEqual(3);
  });

  it("describes one server's tools, disabled ones marked, and says when it cannot be reached", async () => {
    // Prepare
    const source = new VersionedSource([
      { ...inMemory('alpha'), disabledTools: ['alpha/greet'] },
      inMemory('broken', 'missing'),
    ]);
    const mcp = new McpClient({ servers: source, builtins: countedBuiltins().builtins });
    clients.push(mcp);

    // Act
    const alpha = await mcp.serverTools('alpha');
    const unknown = await mcp.serverTools('nobody');
    const broken = mcp.serverTools('broken');
    const servers = await mcp.servers();

    // Assess
    expect(alpha?.tools.find((tool) => tool.name === 'alpha__greet')).toMatchObject({
      disabled: true,
      annotations: { readOnlyHint: true },
    });
    expect(alpha?.tools.find((tool) => tool.name === 'alpha__add')?.disabled).toBe(false);
    expect(unknown).toBeUndefined();
    await expect(broken).rejects.toBeInstanceOf(ServerUnavailableError);
    expect(
      servers.map(({ definition, configured }) => [definition.alias, configured]).sort(),
    ).toEqual([
      ['alpha', true],
      ['beta', false],
      ['broken', true],
    ]);
  });
});
