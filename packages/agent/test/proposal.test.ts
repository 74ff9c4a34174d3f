import { ValidationError } from '@agentcore/core';
import { inferAction } from '@agentcore/policy';
import { type BedrockStandIn, bedrockTurns, startBedrockStandIn } from '@agentcore/stand-ins';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AgentError,
  createBedrockModelProvider,
  type ModelProvider,
  PROPOSAL_TOOL_NAME,
  type ProposalRequest,
  proposeAction,
  remember,
} from '../src/index.js';
import { bedrockClient, bodyOf, MODEL_ID } from './support/bedrock.js';
import { InMemoryToolExecutor } from './support/tools.js';

let standIn: BedrockStandIn;
let client: BedrockRuntimeClient;
let model: ModelProvider;

beforeAll(async () => {
  standIn = await startBedrockStandIn();
});

beforeEach(() => {
  client = bedrockClient(standIn.url);
  model = createBedrockModelProvider({ client, modelId: MODEL_ID });
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
const QUERY = `Grant AWS role ${DEV_ROLE} to ${ALICE}`;

const request = (overrides: Partial<ProposalRequest> = {}): ProposalRequest => ({
  model,
  query: QUERY,
  requester: { userId: 'U123', email: 'bob@example.com' },
  origin: { source: 'slack', channelId: 'C1', threadTs: '1700000000.000100' },
  environment: 'prod',
  tools: new InMemoryToolExecutor().specs,
  fallback: (query) => inferAction(query),
  ...overrides,
});

const goodProposal = {
  summary: `Grant ${DEV_ROLE} to ${ALICE}`,
  category: 'aws_role_access',
  resource: DEV_ROLE,
  amount: null,
  intendedTools: ['google_admin__get_amazon_roles'],
  toolCalls: [
    { tool: 'google_admin__add_amazon_role', arguments: { email: ALICE, role_arn: DEV_ROLE } },
  ],
};

const propose = (input: Record<string, unknown>) =>
  bedrockTurns.toolUse({ name: PROPOSAL_TOOL_NAME, input });

describe('proposal step', () => {
  it('turns a valid model proposal into a ProposedAction', async () => {
    // Prepare
    standIn.script([propose(goodProposal)]);
    const memory = remember(remember([], { role: 'user', content: 'I am on the platform team' }), {
      role: 'assistant',
      content: 'Noted.',
    });

    // Act
    const result = await proposeAction(
      request({ memory, threadContext: 'carol: Bob needs to help Alice with the Dev account' }),
    );

    // Assess
    expect(result).toEqual({
      source: 'model',
      attempts: 1,
      problems: [],
      action: {
        requester: { userId: 'U123', email: 'bob@example.com', groups: [] },
        origin: { source: 'slack', channelId: 'C1', threadTs: '1700000000.000100' },
        query: QUERY,
        summary: `Grant ${DEV_ROLE} to ${ALICE}`,
        category: 'aws_role_access',
        resource: DEV_ROLE,
        environment: 'prod',
        // The tool of an exact call is an intended tool even when the model did not list it.
        intendedTools: ['google_admin__get_amazon_roles', 'google_admin__add_amazon_role'],
        toolCalls: goodProposal.toolCalls,
      },
    });
    const body = bodyOf(standIn.requests[0] ?? { body: {} });
    expect(body.toolConfig?.tools.map((tool) => tool.toolSpec.name)).toEqual([PROPOSAL_TOOL_NAME]);
    expect(body.toolConfig?.toolChoice).toEqual({ tool: { name: PROPOSAL_TOOL_NAME } });
    expect(body.system?.[0]?.text).toContain(
      '- google_admin__add_amazon_role: Grant an AWS IAM role',
    );
    expect(body.messages[0]?.content).toEqual([
      {
        text: [
          'Context recap (recent messages):',
          '- user: I am on the platform team',
          '- assistant: Noted.',
          '',
          'Earlier messages in this thread:',
          'carol: Bob needs to help Alice with the Dev account',
          '',
          `Request:\n${QUERY}`,
        ].join('\n'),
      },
    ]);
  });

  it('sends an invalid proposal back once with the reasons and uses the corrected one', async () => {
    // Prepare
    standIn.script([
      propose({ ...goodProposal, category: 'privileged_write' }),
      propose(goodProposal),
    ]);

    // Act
    const result = await proposeAction(request());

    // Assess
    expect(result.source).toBe('model');
    expect(result.attempts).toBe(2);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^category: /);
    const second = bodyOf(standIn.requests[1] ?? { body: {} });
    expect(second.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(second.messages[2]?.content).toEqual([
      {
        toolResult: {
          toolUseId: 'tooluse_standin_1',
          content: [{ text: expect.stringMatching(/^The proposal was not accepted: category: /) }],
          status: 'error',
        },
      },
    ]);
  });

  it('falls back to the deterministic inference after a second invalid answer', async () => {
    // Prepare
    standIn.script([
      propose({ ...goodProposal, intendedTools: ['jira__delete_project'] }),
      bedrockTurns.text('I think you should grant the role.'),
    ]);

    // Act
    const result = await proposeAction(request());

    // Assess
    expect(result.source).toBe('fallback');
    expect(result.attempts).toBe(2);
    expect(result.problems).toEqual([
      'intendedTools.0: jira__delete_project is not an available tool',
      `it did not call ${PROPOSAL_TOOL_NAME}`,
    ]);
    expect(result.action).toMatchObject({
      query: QUERY,
      summary: QUERY,
      category: 'aws_role_access',
      resource: DEV_ROLE,
      // The policy package reads current roles before a grant.
      intendedTools: ['google_admin__get_amazon_roles', 'google_admin__add_amazon_role'],
      environment: 'prod',
    });
    expect(result.action.toolCalls).toBeUndefined();
    expect(standIn.requests).toHaveLength(2);
  });

  it('refuses exact tool calls whose arguments break the tool schema', async () => {
    // Prepare
    const badCall = {
      ...goodProposal,
      toolCalls: [{ tool: 'google_admin__add_amazon_role', arguments: { email: ALICE } }],
    };
    standIn.script([propose(badCall), propose(badCall)]);

    // Act
    const result = await proposeAction(request());

    // Assess
    expect(result.source).toBe('fallback');
    expect(result.problems[0]).toMatch(/^toolCalls\.0\.arguments: role_arn: /);
  });

  it('refuses proposal input that is not JSON and retries', async () => {
    // Prepare
    standIn.script([
      bedrockTurns.malformedToolUse(PROPOSAL_TOOL_NAME, '{"summary": "Grant'),
      propose(goodProposal),
    ]);

    // Act
    const result = await proposeAction(request());

    // Assess
    expect(result).toMatchObject({ source: 'model', attempts: 2 });
    expect(result.problems[0]).toContain('not valid JSON');
  });

  it('throws the model failure rather than planning on a guess', async () => {
    // Prepare
    const wrongModel = createBedrockModelProvider({
      client,
      modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });

    // Act
    const attempt = proposeAction(request({ model: wrongModel }));

    // Assess
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentError);
    expect(error).toMatchObject({ code: 'model_rejected' });
  });

  it('refuses a request without a query before calling the model', async () => {
    // Act
    const attempt = proposeAction(request({ query: '   ' }));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('proposal step with look-ups', () => {
  const lookupSpec = {
    name: 'google_admin__get_amazon_roles',
    description: 'List the AWS roles a user holds',
    inputSchema: { type: 'object', properties: { email: { type: 'string' } } },
  };

  it('runs the look-ups the model asks for, feeds their answers back, then takes the proposal', async () => {
    // Prepare
    const asked: { name: string; args: Record<string, unknown> }[] = [];
    standIn.script([
      bedrockTurns.toolUse({ name: lookupSpec.name, input: { email: ALICE } }),
      propose(goodProposal),
    ]);

    // Act
    const result = await proposeAction(
      request({
        lookups: {
          tools: [lookupSpec],
          call: async (name, args) => {
            asked.push({ name, args });
            return { text: `${ALICE} holds no roles`, isError: false };
          },
        },
      }),
    );

    // Assess
    expect(asked).toEqual([{ name: lookupSpec.name, args: { email: ALICE } }]);
    expect(result).toMatchObject({ source: 'model', attempts: 1 });
    expect(result.action.toolCalls).toEqual(goodProposal.toolCalls);
    const first = bodyOf(standIn.requests[0] ?? { body: {} });
    expect(first.toolConfig?.tools.map((tool) => tool.toolSpec.name)).toEqual([
      PROPOSAL_TOOL_NAME,
      lookupSpec.name,
    ]);
    expect(first.toolConfig?.toolChoice).toEqual({ any: {} });
    expect(first.system?.[0]?.text).toContain(`you may call ${lookupSpec.name}`);
    const second = bodyOf(standIn.requests[1] ?? { body: {} });
    expect(JSON.stringify(second.messages.at(-1))).toContain(`${ALICE} holds no roles`);
  });

  it('never runs a tool that was not offered as a look-up, and stops after a bounded number of turns', async () => {
    // Prepare: the model keeps asking for a tool that changes things
    const asked: string[] = [];
    standIn.script(
      Array.from({ length: 8 }, () =>
        bedrockTurns.toolUse({
          name: 'google_admin__add_amazon_role',
          input: { email: ALICE, role_arn: DEV_ROLE },
        }),
      ),
    );

    // Act
    const result = await proposeAction(
      request({
        lookups: {
          tools: [lookupSpec],
          call: async (name) => {
            asked.push(name);
            return { text: 'ran', isError: false };
          },
        },
      }),
    );

    // Assess
    expect(asked).toEqual([]);
    expect(result.source).toBe('fallback');
    expect(result.action.toolCalls).toBeUndefined();
    expect(standIn.requests).toHaveLength(8);
    const last = bodyOf(standIn.requests.at(-1) ?? { body: {} });
    expect(JSON.stringify(last.messages.at(-1))).toContain('is not a look-up offered here');
  });
});
