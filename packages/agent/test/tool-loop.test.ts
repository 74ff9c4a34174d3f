import { type BedrockStandIn, bedrockTurns, startBedrockStandIn } from '@agentcore/stand-ins';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AgentEvent,
  createBedrockModelProvider,
  iterationCapMessage,
  type ModelProvider,
  runAgent,
  streamAgent,
} from '../src/index.js';
import { bedrockClient, bodyOf, MODEL_ID, recordingSleep } from './support/bedrock.js';
import { InMemoryToolExecutor } from './support/tools.js';

let standIn: BedrockStandIn;
let client: BedrockRuntimeClient;
let model: ModelProvider;

beforeAll(async () => {
  standIn = await startBedrockStandIn();
});

beforeEach(() => {
  client = bedrockClient(standIn.url);
  model = createBedrockModelProvider({
    client,
    modelId: MODEL_ID,
    sleep: recordingSleep().sleep,
  });
});

afterEach(() => {
  client.destroy();
  standIn.reset();
});

afterAll(async () => {
  await standIn.close();
});

const ALICE = 'alice@example.com';
const DEV_ROLE = 'arn:aws:iam::123456789012:role/Dev';

async function collect(stream: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('agent tool loop', () => {
  it('runs two tools in sequence, feeding each result back with toolConfig resent', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([
      bedrockTurns.toolUse({ name: 'google_admin__get_amazon_roles', input: { email: ALICE } }),
      bedrockTurns.toolUse({
        name: 'google_admin__add_amazon_role',
        input: { email: ALICE, role_arn: DEV_ROLE },
      }),
      bedrockTurns.text('Alice now has the Dev role.'),
    ]);

    // Act
    const result = await runAgent({ model, tools, prompt: `Grant ${DEV_ROLE} to ${ALICE}` });

    // Assess
    expect(result).toMatchObject({
      text: 'Alice now has the Dev role.',
      outcome: 'completed',
      stopReason: 'end_turn',
      iterations: 3,
    });
    expect(tools.calls.map((call) => call.name)).toEqual([
      'google_admin__get_amazon_roles',
      'google_admin__add_amazon_role',
    ]);
    expect(tools.rolesOf(ALICE)).toEqual([DEV_ROLE]);
    const bodies = standIn.requests.map(bodyOf);
    expect(bodies).toHaveLength(3);
    for (const body of bodies) {
      expect(body.toolConfig?.tools.map((tool) => tool.toolSpec.name)).toEqual([
        'google_admin__get_amazon_roles',
        'google_admin__add_amazon_role',
      ]);
    }
    const third = bodies[2]?.messages ?? [];
    expect(third.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    expect(third[2]?.content).toEqual([
      {
        toolResult: {
          toolUseId: 'tooluse_standin_1',
          content: [{ text: JSON.stringify({ email: ALICE, roles: [] }) }],
          status: 'success',
        },
      },
    ]);
    expect(third[3]?.content).toEqual([
      {
        toolUse: {
          toolUseId: 'tooluse_standin_2',
          name: 'google_admin__add_amazon_role',
          input: { email: ALICE, role_arn: DEV_ROLE },
        },
      },
    ]);
  });

  it('answers every tool call of one turn in one user message, in order', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([
      {
        kind: 'reply',
        text: 'Checking both users.',
        toolUses: [
          { name: 'google_admin__get_amazon_roles', input: { email: ALICE } },
          { name: 'google_admin__get_amazon_roles', input: { email: 'bob@example.com' } },
        ],
      },
      bedrockTurns.text('Alice has no roles; Bob does not exist.'),
    ]);

    // Act
    await runAgent({ model, tools, prompt: 'Which roles do Alice and Bob have?' });

    // Assess
    const second = bodyOf(standIn.requests[1] ?? { body: {} });
    expect(second.messages[1]?.content).toHaveLength(3);
    expect(second.messages[2]?.content).toEqual([
      {
        toolResult: {
          toolUseId: 'tooluse_standin_1',
          content: [{ text: JSON.stringify({ email: ALICE, roles: [] }) }],
          status: 'success',
        },
      },
      {
        toolResult: {
          toolUseId: 'tooluse_standin_2',
          content: [{ text: 'User bob@example.com not found' }],
          status: 'error',
        },
      },
    ]);
  });

  it('streams token, tool_call, tool_result and final events in order', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([
      {
        kind: 'reply',
        text: 'Looking up.',
        toolUses: [{ name: 'google_admin__get_amazon_roles', input: { email: ALICE } }],
      },
      bedrockTurns.text('No roles.'),
    ]);

    // Act
    const events = await collect(streamAgent({ model, tools, prompt: 'Roles of Alice?' }));

    // Assess
    const kinds = events.map((event) => event.type).filter((type, i, all) => type !== all[i - 1]);
    expect(kinds).toEqual(['token', 'tool_call', 'tool_result', 'token', 'final']);
    expect(events.find((event) => event.type === 'tool_call')).toEqual({
      type: 'tool_call',
      id: 'tooluse_standin_1',
      name: 'google_admin__get_amazon_roles',
      args: { email: ALICE },
    });
    expect(events.at(-1)).toMatchObject({ type: 'final', text: 'No roles.', iterations: 2 });
    const tokens = events.flatMap((event) => (event.type === 'token' ? [event.text] : []));
    expect(tokens.join('')).toBe('Looking up.No roles.');
  });

  it('rejects unparseable tool input as an error result without calling the tool', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([
      bedrockTurns.malformedToolUse('google_admin__add_amazon_role', '{"email": "alice@exa'),
      bedrockTurns.text('I could not add the role.'),
    ]);

    // Act
    const events = await collect(streamAgent({ model, tools, prompt: `Grant ${DEV_ROLE}` }));

    // Assess
    expect(tools.calls).toEqual([]);
    expect(events.some((event) => event.type === 'tool_call')).toBe(false);
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({
      isError: true,
      rejected: 'malformed_input',
      content: expect.stringContaining('not valid JSON'),
    });
    const second = bodyOf(standIn.requests[1] ?? { body: {} });
    expect(second.messages[1]?.content).toEqual([
      {
        toolUse: {
          toolUseId: 'tooluse_standin_1',
          name: 'google_admin__add_amazon_role',
          input: {},
        },
      },
    ]);
    expect(second.messages[2]?.content[0]).toMatchObject({
      toolResult: { toolUseId: 'tooluse_standin_1', status: 'error' },
    });
  });

  it('rejects tool input that breaks the tool schema without calling the tool', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([
      bedrockTurns.toolUse({
        name: 'google_admin__add_amazon_role',
        input: { email: 'not-an-email', role_arn: 'Dev' },
      }),
      bedrockTurns.toolUse({
        name: 'google_admin__add_amazon_role',
        input: { email: ALICE, role_arn: DEV_ROLE },
      }),
      bedrockTurns.text('Done after fixing the input.'),
    ]);

    // Act
    const result = await runAgent({ model, tools, prompt: `Grant ${DEV_ROLE} to ${ALICE}` });

    // Assess
    expect(tools.calls).toEqual([
      { name: 'google_admin__add_amazon_role', args: { email: ALICE, role_arn: DEV_ROLE } },
    ]);
    expect(result.toolCalls[0]).toMatchObject({
      rejected: 'invalid_input',
      isError: true,
      content: expect.stringMatching(/email: .*\brole_arn: /s),
    });
    const second = bodyOf(standIn.requests[1] ?? { body: {} });
    expect(second.messages[2]?.content[0]).toMatchObject({ toolResult: { status: 'error' } });
  });

  it('stops at the iteration cap with the seed message', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    const lookup = () =>
      bedrockTurns.toolUse({ name: 'google_admin__get_amazon_roles', input: { email: ALICE } });
    standIn.script([lookup(), lookup(), lookup(), lookup()]);

    // Act
    const result = await runAgent({ model, tools, prompt: 'Loop forever', maxIterations: 3 });

    // Assess
    expect(result.outcome).toBe('max_iterations');
    expect(result.text).toBe(iterationCapMessage(3));
    expect(result.text).toContain('reached maximum conversation iterations (3)');
    expect(result.iterations).toBe(3);
    expect(standIn.requests).toHaveLength(3);
    expect(standIn.pendingTurns).toBe(1);
    expect(tools.calls).toHaveLength(3);
  });

  it('ends with a note and runs no tool when the answer hits max_tokens', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([
      {
        kind: 'reply',
        text: 'Granting the role now',
        toolUses: [{ name: 'google_admin__add_amazon_role', rawInput: '{"email":"alice@' }],
        stopReason: 'max_tokens',
      },
    ]);

    // Act
    const result = await runAgent({
      model,
      tools,
      prompt: `Grant ${DEV_ROLE}`,
      inference: { maxTokens: 64 },
    });

    // Assess
    expect(result.outcome).toBe('max_tokens');
    expect(result.text).toBe(
      "Granting the role now\n\nThe answer was cut off at the model's output limit of 64 tokens; the tool call it was writing was not run.",
    );
    expect(tools.calls).toEqual([]);
    expect(bodyOf(standIn.requests[0] ?? { body: {} }).inferenceConfig).toEqual({ maxTokens: 64 });
  });

  it('says the seed phrase when the model finishes without text', async () => {
    // Prepare
    standIn.script([{ kind: 'reply', stopReason: 'end_turn' }]);

    // Act
    const result = await runAgent({ model, tools: new InMemoryToolExecutor(), prompt: 'Hi' });

    // Assess
    expect(result.text).toBe('Task completed successfully.');
  });

  it('ends the run with tool_failed when the executor refuses a call outright', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor(new Set(['google_admin__add_amazon_role']));
    standIn.script([
      bedrockTurns.toolUse({
        name: 'google_admin__add_amazon_role',
        input: { email: ALICE, role_arn: DEV_ROLE },
      }),
      bedrockTurns.text('never reached'),
    ]);

    // Act
    const events = await collect(streamAgent({ model, tools, prompt: 'Grant' }));

    // Assess
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'tool_failed',
      message:
        'tool google_admin__add_amazon_role failed: tool google_admin__add_amazon_role is not in the approved allowlist',
      retryable: false,
    });
    expect(standIn.requests).toHaveLength(1);
  });

  it('passes a tool it was not offered to the executor, which decides', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor(new Set(['jira__delete_project']));
    standIn.script([bedrockTurns.toolUse({ name: 'jira__delete_project', input: { key: 'OPS' } })]);

    // Act
    const attempt = runAgent({ model, tools, prompt: 'Delete OPS' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'AgentError', code: 'tool_failed' });
    expect(tools.calls).toEqual([{ name: 'jira__delete_project', args: { key: 'OPS' } }]);
  });

  it('forwards a mid-stream restart as a retry event and completes', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([bedrockTurns.throttledInStream('Partial'), bedrockTurns.text('Complete.')]);

    // Act
    const events = await collect(streamAgent({ model, tools, prompt: 'Hi' }));

    // Assess
    expect(events.map((event) => event.type)).toContain('retry');
    expect(events.at(-1)).toMatchObject({ type: 'final', text: 'Complete.', iterations: 1 });
  });

  it('sends no toolConfig when no tool is available', async () => {
    // Prepare
    const tools = {
      listTools: async () => [],
      callTool: async () => ({ text: '', isError: true }),
    };
    standIn.script([bedrockTurns.text('Just text.')]);

    // Act
    const result = await runAgent({ model, tools, prompt: 'Hi', system: 'Be brief.' });

    // Assess
    expect(result.text).toBe('Just text.');
    const body = bodyOf(standIn.requests[0] ?? { body: {} });
    expect(body.toolConfig).toBeUndefined();
    expect(body.system).toEqual([{ text: 'Be brief.' }]);
  });

  it('refuses a maxIterations that is not a positive whole number', async () => {
    // Act
    const attempt = runAgent({
      model,
      tools: new InMemoryToolExecutor(),
      prompt: 'Hi',
      maxIterations: 0,
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_config' });
    expect(standIn.requests).toHaveLength(0);
  });
});
