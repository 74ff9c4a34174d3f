import { describe, expect, it } from 'vitest';
import {
  McpConfigError,
  parseAllowedToolsList,
  parseMcpServersEnv,
  parseServerEntries,
  readMcpEnvConfig,
} from '../src/index.js';

describe('MCP_SERVERS in the seed form', () => {
  it('parses alias=path and alias:path entries, trimming and expanding ~', () => {
    // Prepare
    const value =
      ' google = ~/servers/google.py ; jira:/opt/jira/server.js;; calendar=/srv/cal.ts ';

    // Act
    const servers = parseMcpServersEnv(value, { homeDir: '/home/ops' });

    // Assess
    expect(servers).toEqual([
      {
        alias: 'google',
        enabled: true,
        disabledTools: [],
        transport: { type: 'script', path: '/home/ops/servers/google.py', args: [], env: {} },
      },
      {
        alias: 'jira',
        enabled: true,
        disabledTools: [],
        transport: { type: 'script', path: '/opt/jira/server.js', args: [], env: {} },
      },
      {
        alias: 'calendar',
        enabled: true,
        disabledTools: [],
        transport: { type: 'script', path: '/srv/cal.ts', args: [], env: {} },
      },
    ]);
  });

  it('splits on the first = before any :', () => {
    // Prepare
    const value = 'win=C:/servers/win.js';

    // Act
    const [server] = parseMcpServersEnv(value);

    // Assess
    expect(server?.transport).toMatchObject({ path: 'C:/servers/win.js' });
  });

  it('rejects entries without a separator, bad extensions and repeated aliases', () => {
    // Prepare
    const values = ['just-a-path.js', 'x=/srv/server.rb', 'a=/a.js;a=/b.js', 'bad alias=/a.js'];

    // Act
    const errors = values.map((value) => {
      try {
        parseMcpServersEnv(value);
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(McpConfigError);
    expect(String(errors[1])).toContain('server script must be a .py, .js or .ts file');
  });
});

describe('the JSON form', () => {
  it('accepts the seed config item, with snake_case disabled tools', () => {
    // Prepare
    const item = {
      servers: [
        {
          alias: 'jira',
          command: 'npx',
          args: ['-y', 'jira-mcp'],
          env: { JIRA_URL: 'https://jira.example.com' },
          enabled: true,
          disabled_tools: ['jira__delete_project'],
        },
        { alias: 'remote', url: 'https://mcp.example.com/mcp', headers: { authorization: 'x' } },
        { alias: 'totp', builtin: 'totp', enabled: false },
      ],
    };

    // Act
    const servers = parseServerEntries(item);

    // Assess
    expect(servers).toEqual([
      {
        alias: 'jira',
        enabled: true,
        disabledTools: ['jira__delete_project'],
        transport: {
          type: 'stdio',
          command: 'npx',
          args: ['-y', 'jira-mcp'],
          env: { JIRA_URL: 'https://jira.example.com' },
        },
      },
      {
        alias: 'remote',
        enabled: true,
        disabledTools: [],
        transport: {
          type: 'http',
          url: 'https://mcp.example.com/mcp',
          headers: { authorization: 'x' },
        },
      },
      {
        alias: 'totp',
        enabled: false,
        disabledTools: [],
        transport: { type: 'in-memory', builtin: 'totp' },
      },
    ]);
  });

  it('rejects entries with no way to start, two ways, unknown keys or a bad URL', () => {
    // Prepare
    const entries = [
      [{ alias: 'none' }],
      [{ alias: 'both', command: 'node', url: 'https://x.example.com' }],
      [{ alias: 'typo', command: 'node', disabledtools: ['x'] }],
      [{ alias: 'ftp', url: 'ftp://x.example.com' }],
    ];

    // Act
    const errors = entries.map((entry) => {
      try {
        parseServerEntries(entry);
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(McpConfigError);
    expect(String(errors[0])).toContain(
      "MCP server 'none' must specify exactly one of command, path, url or builtin",
    );
  });
});

describe('reading the environment', () => {
  it('reads MCP_SERVERS as JSON or the seed form, and MCP_ALLOWED_TOOLS', () => {
    // Prepare
    const env = {
      MCP_SERVERS: '[{"alias":"gifs","builtin":"gifs"}]',
      MCP_ALLOWED_TOOLS: ' gifs__search_gifs, totp/get_totp_code ,gifs__search_gifs',
      UNRELATED_SECRET: 'ignored',
    };

    // Act
    const config = readMcpEnvConfig(env);

    // Assess
    expect(config.servers.map((server) => server.alias)).toEqual(['gifs']);
    expect(config.allowedTools).toEqual(['gifs__search_gifs', 'totp__get_totp_code']);
  });

  it('treats unset or blank values as no servers and no ceiling', () => {
    // Prepare
    const env = { MCP_SERVERS: '  ', MCP_ALLOWED_TOOLS: ' , ' };

    // Act
    const config = readMcpEnvConfig(env);

    // Assess
    expect(config).toEqual({ servers: [], allowedTools: undefined });
    expect(readMcpEnvConfig({})).toEqual({ servers: [], allowedTools: undefined });
  });

  it("rejects wildcards such as the seed's Any in MCP_ALLOWED_TOOLS", () => {
    // Prepare
    const values = ['Any', '*', 'gifs__search_gifs,*'];

    // Act
    const errors = values.map((value) => {
      try {
        return parseAllowedToolsList(value);
      } catch (error) {
        return error;
      }
    });

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(McpConfigError);
  });
});
