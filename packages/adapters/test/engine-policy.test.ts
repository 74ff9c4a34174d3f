import { type ProposedAction, ProposedActionSchema, RetryableError } from '@agentcore/core';
import { McpClient } from '@agentcore/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { EnginePolicy, policySources } from '../src/index.js';

/** A real in-process MCP server with one read-only tool, named `lookup`. */
function directoryServer(): McpServer {
  const server = new McpServer({ name: 'directory', version: '1.0.0' });
  server.registerTool(
    'lookup',
    {
      description: 'Looks a person up.',
      inputSchema: { email: z.string() },
      annotations: { readOnlyHint: true, destructiveHint: false },
    },
    async () => ({ content: [{ type: 'text', text: 'found' }] }),
  );
  return server;
}

function action(tool: string): ProposedAction {
  return ProposedActionSchema.parse({
    requester: { userId: 'U_ALICE' },
    origin: { source: 'cli' },
    query: `run ${tool}`,
    summary: `Run ${tool}`,
    category: 'other',
    environment: 'dev',
    intendedTools: [tool],
    toolCalls: [{ tool, arguments: { email: 'bob@example.com' } }],
  });
}

let client: McpClient | undefined;

afterEach(async () => {
  await client?.close();
});

describe('EnginePolicy', () => {
  it('retries, rather than judges, a tool whose server could not be reached; then judges it', async () => {
    // Prepare: the `people` server is down at first; `directory` answers.
    let peopleUp = false;
    client = new McpClient({
      servers: [],
      builtins: {
        directory: directoryServer,
        people: () => {
          if (!peopleUp) throw new Error('connection refused');
          return directoryServer();
        },
      },
    });
    const policy = new EnginePolicy({ mcp: client, clock: () => new Date() });

    // Act
    const whileDown = await policy.decide(action('people__lookup')).catch((error) => error);
    const unaffected = await policy.decide(action('directory__lookup'));
    peopleUp = true;
    const onceUp = await policy.decide(action('people__lookup'));

    // Assess
    expect(whileDown).toBeInstanceOf(RetryableError);
    expect(whileDown.message).toContain('people__lookup');
    expect(unaffected.outcome).toBe('allow');
    expect(onceUp.outcome).toBe('allow');
  });
});

/** The config store as far as policies go, in memory: every save is a new version. */
class InMemoryPolicyStore {
  readonly saved: unknown[] = [];
  versionReads = 0;
  latestReads = 0;

  async currentVersion(): Promise<number> {
    this.versionReads += 1;
    return this.saved.length;
  }

  async latest(): Promise<{ value: unknown } | undefined> {
    this.latestReads += 1;
    const value = this.saved.at(-1);
    return value === undefined ? undefined : { value };
  }
}

const DENY_LOOKUP = [
  {
    name: 'lockdown.cedar',
    text: `@id("lockdown.lookup")
@outcome("deny")
@reason("look-ups are closed for maintenance")
forbid (principal, action == Action::"directory__lookup", resource);
`,
  },
];

describe('EnginePolicy with policies from the config store', () => {
  it('decides with a newly saved set on the next decision, without a new instance', async () => {
    // Prepare
    client = new McpClient({ servers: [], builtins: { directory: directoryServer } });
    const store = new InMemoryPolicyStore();
    const policy = new EnginePolicy({
      mcp: client,
      policies: policySources(store),
      clock: () => new Date(),
    });
    const before = await policy.decide(action('directory__lookup'));
    await policy.decide(action('directory__lookup'));
    const loadsBeforeSave = store.latestReads;

    // Act
    store.saved.push(DENY_LOOKUP);
    const after = await policy.decide(action('directory__lookup'));
    const inForce = await policy.inForce();

    // Assess: the version is checked on every decision, the set loaded only when it moved.
    expect(before).toMatchObject({ outcome: 'allow', policyVersion: 0 });
    expect(loadsBeforeSave).toBe(1);
    // The verdict names the set's version, which an approval binds with the exact calls.
    expect(after).toMatchObject({
      outcome: 'deny',
      policyIds: ['lockdown.lookup'],
      policyVersion: 1,
    });
    expect(store.latestReads).toBe(2);
    expect(store.versionReads).toBe(4);
    expect(inForce.version).toBe(1);
    expect(inForce.sources).toEqual(DENY_LOOKUP);
  });

  it('keeps a set handed in explicitly, and judges drafts on the same catalog', async () => {
    // Prepare
    client = new McpClient({ servers: [], builtins: { directory: directoryServer } });
    const policy = new EnginePolicy({
      mcp: client,
      policies: DENY_LOOKUP,
      clock: () => new Date(),
    });

    // Act
    const decided = await policy.decide(action('directory__lookup'));
    const draft = await policy.evaluate(action('directory__lookup'), []);
    const invalid = await policy
      .evaluate(action('directory__lookup'), [{ name: 'bad.cedar', text: 'permit (' }])
      .catch((error) => error);

    // Assess
    expect(decided.outcome).toBe('deny');
    expect((await policy.inForce()).version).toBe(0);
    expect(draft.decision.outcome).not.toBe('deny');
    expect(invalid).toMatchObject({ code: 'invalid_policy', source: 'bad.cedar', line: 1 });
  });
});

describe('EnginePolicy with a set naming a tool of a server that is down', () => {
  it('retries rather than fails for good, and decides once the server is back', async () => {
    // Prepare: the set names people__lookup, whose server does not answer at first.
    let peopleUp = false;
    client = new McpClient({
      servers: [],
      builtins: {
        directory: directoryServer,
        people: () => {
          if (!peopleUp) throw new Error('connection refused');
          return directoryServer();
        },
      },
    });
    const naming = [
      {
        name: 'people.cedar',
        text: `@id("people.lookups")
@outcome("require_approval")
forbid (principal, action == Action::"people__lookup", resource);
`,
      },
    ];
    const policy = new EnginePolicy({ mcp: client, policies: naming, clock: () => new Date() });

    // Act
    const whileDown = await policy.decide(action('directory__lookup')).catch((error) => error);
    peopleUp = true;
    const onceUp = await policy.decide(action('people__lookup'));

    // Assess
    expect(whileDown).toBeInstanceOf(RetryableError);
    expect(whileDown.message).toContain('people');
    expect(onceUp).toMatchObject({ outcome: 'require_approval', policyIds: ['people.lookups'] });
  });
});

describe('EnginePolicy whose active set no longer fits the tools', () => {
  it('refuses to decide with it, yet still checks and tries a corrected draft', async () => {
    // Prepare: the active set names a tool no server lists (any more).
    client = new McpClient({ servers: [], builtins: { directory: directoryServer } });
    const stale = [
      {
        name: 'stale.cedar',
        text: 'forbid (principal, action == Action::"gone__tool", resource);\n',
      },
    ];
    const policy = new EnginePolicy({ mcp: client, policies: stale, clock: () => new Date() });

    // Act
    const refused = await policy.decide(action('directory__lookup')).catch((error) => error);
    const base = await policy.draftBase();
    const tried = await policy.evaluate(action('directory__lookup'), DENY_LOOKUP);

    // Assess
    expect(refused).toMatchObject({ code: 'invalid_policy', source: 'stale.cedar' });
    expect(base.engine.check(stale)).toHaveLength(1);
    expect(base.engine.check(DENY_LOOKUP)).toEqual([]);
    expect(tried.decision.outcome).toBe('deny');
  });
});

describe('EnginePolicy and the MCP server configuration', () => {
  it('judges a tool on its annotations as listed after the servers changed, not as first built', async () => {
    // Prepare: `lookup` is read-only, then its server is replaced by one where it is destructive.
    const server = new McpServer({ name: 'directory', version: '1.0.0' });
    const lookup = server.registerTool(
      'lookup',
      {
        description: 'Looks a person up.',
        inputSchema: { email: z.string() },
        annotations: { readOnlyHint: true, destructiveHint: false },
      },
      async () => ({ content: [{ type: 'text', text: 'found' }] }),
    );
    client = new McpClient({ servers: [], builtins: { directory: () => server } });
    let serversVersion = 1;
    const policy = new EnginePolicy({
      mcp: client,
      serversVersion: async () => serversVersion,
      clock: () => new Date(),
    });
    const before = await policy.decide(action('directory__lookup'));
    lookup.update({ annotations: { readOnlyHint: false, destructiveHint: true } });

    // Act
    const sameConfiguration = await policy.decide(action('directory__lookup'));
    serversVersion = 2;
    const newConfiguration = await policy.decide(action('directory__lookup'));

    // Assess
    expect(before.outcome).toBe('allow');
    expect(sameConfiguration.outcome).toBe('allow');
    expect(newConfiguration.outcome).toBe('require_approval');
  });
});
