import { createBedrockModelProvider, createBedrockRuntimeClient } from '@agentcore/agent';
import { McpClient } from '@agentcore/mcp';
import { inferAction } from '@agentcore/policy';
import { type BedrockStandIn, bedrockTurns, startBedrockStandIn } from '@agentcore/stand-ins';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  configStorePrompts,
  DEFAULT_PLANNER_INSTRUCTIONS,
  modelPlanner,
  type VersionedConfigStore,
} from '../src/index.js';

/** The config store port in memory, as far as `prompts` goes. */
class InMemoryPrompts implements VersionedConfigStore<'prompts'> {
  readonly saved: { version: number; value: unknown }[] = [];
  save(value: unknown) {
    this.saved.push({ version: this.saved.length + 1, value });
  }
  async currentVersion() {
    return this.saved.length;
  }
  async latest() {
    return this.saved.at(-1);
  }
}

function lookupServer(): McpServer {
  const server = new McpServer({ name: 'people', version: '1.0.0' });
  server.registerTool(
    'lookup',
    {
      description: 'Looks a person up.',
      inputSchema: { email: z.string() },
      annotations: { readOnlyHint: true },
    },
    async () => ({ content: [{ type: 'text', text: 'found' }] }),
  );
  return server;
}

let bedrock: BedrockStandIn;
let mcp: McpClient;

beforeAll(async () => {
  bedrock = await startBedrockStandIn();
  mcp = new McpClient({ servers: [], builtins: { people: lookupServer } });
});

afterAll(async () => {
  await mcp?.close();
  await bedrock?.close();
});

const proposal = bedrockTurns.toolUse({
  name: 'submit_proposed_action',
  input: { summary: 'Look Bob up', category: 'other', intendedTools: ['people__lookup'] },
});

/** The system prompt of the last Converse call the stand-in received. */
function lastSystemPrompt(): string {
  const body = JSON.parse(JSON.stringify(bedrock.requests.at(-1)?.body ?? {})) as {
    system?: { text: string }[];
  };
  return body.system?.[0]?.text ?? '';
}

describe("the planner's system prompt from the config store", () => {
  it('is the default until one is saved, then the saved one, with the tool list either way', async () => {
    // Prepare
    const client = createBedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: bedrock.url,
      overrides: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
    });
    const model = createBedrockModelProvider({ client, modelId: 'test-model' });
    const store = new InMemoryPrompts();
    const planner = modelPlanner(
      model,
      mcp,
      (query) => inferAction(query),
      configStorePrompts(store),
    );
    const input = {
      query: 'look up bob@example.com',
      requester: { userId: 'U_ALICE', groups: [] },
      origin: { source: 'api' as const },
      environment: 'dev',
    };

    // Act
    bedrock.script([proposal, proposal]);
    await planner.propose(input);
    const before = lastSystemPrompt();
    store.save({ system: 'You plan requests for the Acme operations desk. Be brief.' });
    await planner.propose(input);
    const after = lastSystemPrompt();
    client.destroy();

    // Assess
    expect(before.startsWith(DEFAULT_PLANNER_INSTRUCTIONS)).toBe(true);
    expect(after.startsWith('You plan requests for the Acme operations desk. Be brief.')).toBe(
      true,
    );
    expect(after).not.toContain(DEFAULT_PLANNER_INSTRUCTIONS);
    for (const prompt of [before, after]) expect(prompt).toContain('- people__lookup: Looks');
  });
});
