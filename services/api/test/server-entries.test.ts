import { ValidationError } from '@agentcore/core';
import { parseServerEntries } from '@agentcore/mcp';
import { describe, expect, it } from 'vitest';
import {
  checkEntries,
  entryFromBody,
  entryView,
  mergeSecrets,
  readEntries,
  SECRET_SET,
  type ServerEntry,
} from '../src/routes/server-entries.js';

const JIRA: ServerEntry = {
  alias: 'jira_cloud',
  enabled: true,
  disabledTools: ['delete_project'],
  command: 'npx',
  args: ['-y', 'jira-mcp'],
  env: { JIRA_API_TOKEN: 'tok-very-secret', JIRA_EMAIL: 'ops@example.com' },
};

describe('MCP server entries as the API shows and takes them', () => {
  it('reads the seed forms back as canonical entries that parse to the same definitions', () => {
    // Prepare
    const saved = {
      servers: [
        { alias: 'files', path: '/srv/files.py', disabled_tools: ['rm'] },
        { alias: 'remote', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'x' } },
        { alias: 'codes', builtin: 'totp', enabled: false },
        JIRA,
      ],
    };

    // Act
    const entries = readEntries(saved);

    // Assess
    expect(entries[0]).toEqual({
      alias: 'files',
      enabled: true,
      disabledTools: ['rm'],
      path: '/srv/files.py',
      args: [],
      env: {},
    });
    expect(parseServerEntries(entries)).toEqual(parseServerEntries(saved));
  });

  it('never shows an environment value, a header value or a password in a URL', () => {
    // Act
    const shown = [
      entryView(JIRA, false, true),
      entryView(
        {
          alias: 'remote',
          enabled: true,
          disabledTools: [],
          url: 'https://svc:hunter2-pass@mcp.example.com/mcp',
          headers: { Authorization: 'Bearer sk-live-123' },
        },
        false,
        true,
      ),
    ];

    // Assess
    const text = JSON.stringify(shown);
    for (const secret of ['tok-very-secret', 'ops@example.com', 'hunter2-pass', 'sk-live-123']) {
      expect(text).not.toContain(secret);
    }
    expect(shown[0]?.env).toEqual({ JIRA_API_TOKEN: SECRET_SET, JIRA_EMAIL: SECRET_SET });
    expect(shown[1]?.headers).toEqual({ Authorization: SECRET_SET });
    expect(shown[0]).toMatchObject({ builtIn: false, configured: true, command: 'npx' });
  });

  it('keeps stored secrets given as (set) or null, drops names left out, takes new values', () => {
    // Act
    const merged = mergeSecrets(
      'env',
      { JIRA_API_TOKEN: SECRET_SET, JIRA_EMAIL: null, JIRA_SITE: 'acme' },
      { JIRA_API_TOKEN: 'tok', JIRA_EMAIL: 'ops@example.com', OLD: 'gone' },
    );

    // Assess
    expect(merged).toEqual({
      JIRA_API_TOKEN: 'tok',
      JIRA_EMAIL: 'ops@example.com',
      JIRA_SITE: 'acme',
    });
    expect(mergeSecrets('env', undefined, { A: '1' })).toEqual({ A: '1' });
    expect(() => mergeSecrets('env', { NEW: SECRET_SET }, {})).toThrow(ValidationError);
  });

  it('builds an entry from a body over the stored one, refusing settings its transport ignores', () => {
    // Act
    const replaced = entryFromBody('jira_cloud', { command: 'node', args: ['jira.js'] }, JIRA);

    // Assess
    expect(replaced).toEqual({
      alias: 'jira_cloud',
      enabled: true,
      disabledTools: ['delete_project'],
      command: 'node',
      args: ['jira.js'],
      env: JIRA.env,
    });
    expect(() =>
      entryFromBody('remote', { url: 'https://mcp.example.com', env: { TOKEN: 'x' } }),
    ).toThrow(/only command and path servers take an environment/);
    expect(() => entryFromBody('local', { command: 'x', headers: { A: 'b' } })).toThrow(
      /only url servers take headers/,
    );
  });

  it('refuses entries the MCP client could not run, as a 400 naming the problem', () => {
    // Act
    const twoKinds = () =>
      checkEntries([{ alias: 'x', enabled: true, disabledTools: [], command: 'a', url: 'b' }], []);
    const unknownBuiltin = () =>
      checkEntries([{ alias: 'x', enabled: true, disabledTools: [], builtin: 'nope' }], ['gifs']);
    const twice = () =>
      checkEntries(
        [
          { alias: 'x', enabled: true, disabledTools: [], builtin: 'gifs' },
          { alias: 'x', enabled: true, disabledTools: [], builtin: 'gifs' },
        ],
        ['gifs'],
      );

    // Assess
    expect(twoKinds).toThrow(/exactly one of command, path, url or builtin/);
    expect(unknownBuiltin).toThrow(ValidationError);
    expect(unknownBuiltin).toThrow(/no built-in server is named 'nope'/);
    expect(twice).toThrow(/configured twice/);
  });
});
