import { inferAction } from '@agentcore/policy';
import { type OpenAiStandIn, startOpenAiStandIn } from '@agentcore/stand-ins';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenAiCompatibleProvider,
  type OpenAiCompatibleOptions,
  PROPOSAL_TOOL_NAME,
  proposeAction,
  runAgent,
} from '../src/index.js';
import { recordingSleep } from './support/bedrock.js';
import { InMemoryToolExecutor } from './support/tools.js';

let standIn: OpenAiStandIn;

beforeAll(async () => {
  standIn = await startOpenAiStandIn();
});

afterEach(() => standIn.reset());

afterAll(async () => {
  await standIn.close();
});

const ALICE = 'alice@example.com';
const DEV_ROLE = 'arn:aws:iam::123456789012:role/Dev';

function provider(overrides: Partial<OpenAiCompatibleOptions> = {}) {
  const timer = recordingSleep();
  const model = createOpenAiCompatibleProvider({
    baseUrl: `${standIn.url}/v1/`,
    model: 'llama3.2',
    sleep: timer.sleep,
    random: () => 0,
    ...overrides,
  });
  return { model, delays: timer.delays };
}

interface ChatBody {
  model: string;
  stream: boolean;
  tools?: { function: { name: string } }[];
  tool_choice?: unknown;
  messages: Record<string, unknown>[];
}

const bodies = (): ChatBody[] => standIn.requests.map((request) => JSON.parse(request.body));

describe('OpenAI-compatible model provider', () => {
  it.each([
    ['streamed', true],
    ['whole', false],
  ])('runs two tools in sequence with %s answers', async (_, stream) => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([
      {
        text: 'Checking.',
        toolCalls: [{ name: 'google_admin__get_amazon_roles', arguments: { email: ALICE } }],
      },
      {
        toolCalls: [
          {
            name: 'google_admin__add_amazon_role',
            arguments: { email: ALICE, role_arn: DEV_ROLE },
          },
        ],
      },
      { text: 'Done: Alice has the Dev role.' },
    ]);
    const { model } = provider({ stream, apiKey: 'sk-local' });

    // Act
    const result = await runAgent({ model, tools, prompt: `Grant ${DEV_ROLE} to ${ALICE}` });

    // Assess
    expect(result).toMatchObject({ text: 'Done: Alice has the Dev role.', iterations: 3 });
    expect(tools.rolesOf(ALICE)).toEqual([DEV_ROLE]);
    const sent = bodies();
    expect(sent.map((body) => body.stream)).toEqual([stream, stream, stream]);
    expect(sent[0]?.tools?.map((tool) => tool.function.name)).toEqual([
      'google_admin__get_amazon_roles',
      'google_admin__add_amazon_role',
    ]);
    expect(sent[2]?.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
    ]);
    expect(sent[2]?.messages[1]).toEqual({
      role: 'assistant',
      content: 'Checking.',
      tool_calls: [
        {
          id: 'call_standin_1_0',
          type: 'function',
          function: {
            name: 'google_admin__get_amazon_roles',
            arguments: JSON.stringify({ email: ALICE }),
          },
        },
      ],
    });
    expect(sent[2]?.messages[4]).toEqual({
      role: 'tool',
      tool_call_id: 'call_standin_2_0',
      content: `Added ${DEV_ROLE} to ${ALICE}`,
    });
    expect(standIn.requests[0]?.headers.authorization).toBe('Bearer sk-local');
  });

  it('rejects malformed tool arguments without calling the tool', async () => {
    // Prepare
    const tools = new InMemoryToolExecutor();
    standIn.script([
      { toolCalls: [{ name: 'google_admin__add_amazon_role', arguments: '{"email":' }] },
      { text: 'Could not do it.' },
    ]);
    const { model } = provider();

    // Act
    const result = await runAgent({ model, tools, prompt: 'Grant' });

    // Assess
    expect(tools.calls).toEqual([]);
    expect(result.toolCalls[0]).toMatchObject({ rejected: 'malformed_input', isError: true });
    expect(bodies()[1]?.messages[2]).toMatchObject({
      role: 'tool',
      content: expect.stringMatching(/^Error: The input for tool google_admin__add_amazon_role/),
    });
  });

  it('retries a 429, waiting at least its Retry-After', async () => {
    // Prepare
    standIn.failNext(1, { status: 429, retryAfter: 2 });
    standIn.script([{ text: 'Hello.' }]);
    const { model, delays } = provider();

    // Act
    const result = await runAgent({ model, tools: new InMemoryToolExecutor(), prompt: 'Hi' });

    // Assess
    expect(result.text).toBe('Hello.');
    expect(standIn.requests).toHaveLength(2);
    expect(delays).toEqual([2000]);
  });

  it('gives up on server errors after the bounded retries', async () => {
    // Prepare
    standIn.failNext(3, { status: 503 });
    const { model, delays } = provider({ retry: { maxRetries: 2 } });

    // Act
    const attempt = runAgent({ model, tools: new InMemoryToolExecutor(), prompt: 'Hi' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'model_failed',
      retryable: true,
      message: expect.stringContaining('HTTP 503'),
    });
    expect(standIn.requests).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
  });

  it('does not retry a request the endpoint refuses', async () => {
    // Prepare
    const { model, delays } = provider();

    // Act
    const attempt = runAgent({ model, tools: new InMemoryToolExecutor(), prompt: 'Hi' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'model_rejected',
      message: expect.stringContaining('no scripted turn left'),
    });
    expect(standIn.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('refuses a guardrail instead of running without it', async () => {
    // Prepare
    const { model } = provider();

    // Act
    const attempt = runAgent({
      model,
      tools: new InMemoryToolExecutor(),
      prompt: 'Hi',
      guardrail: { identifier: 'gr-1', version: '1' },
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_config' });
    expect(standIn.requests).toHaveLength(0);
  });

  it('forces the proposal tool and reads a proposal a server sent back as text', async () => {
    // Prepare
    const proposal = {
      summary: `Grant ${DEV_ROLE} to ${ALICE}`,
      category: 'aws_role_access',
      intendedTools: ['google_admin__add_amazon_role'],
    };
    standIn.script([
      { text: `Here is the proposal:\n\`\`\`json\n${JSON.stringify(proposal)}\n\`\`\`` },
    ]);
    const { model } = provider();

    // Act
    const result = await proposeAction({
      model,
      query: `grant ${DEV_ROLE} to ${ALICE}`,
      requester: { userId: 'U1' },
      origin: { source: 'cli' },
      tools: new InMemoryToolExecutor().specs,
      fallback: (query) => inferAction(query),
    });

    // Assess
    expect(result).toMatchObject({ source: 'model', attempts: 1 });
    expect(result.action).toMatchObject(proposal);
    expect(bodies()[0]?.tool_choice).toEqual({
      type: 'function',
      function: { name: PROPOSAL_TOOL_NAME },
    });
  });
});
