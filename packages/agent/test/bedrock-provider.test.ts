import { type BedrockStandIn, bedrockTurns, startBedrockStandIn } from '@agentcore/stand-ins';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AgentError,
  type ConverseRequest,
  createBedrockModelProvider,
  type ModelStreamEvent,
} from '../src/index.js';
import { bedrockClient, bodyOf, MODEL_ID, recordingSleep } from './support/bedrock.js';

let standIn: BedrockStandIn;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  standIn = await startBedrockStandIn();
});

// A client per test: adaptive mode slows a client down after it was throttled.
beforeEach(() => {
  client = bedrockClient(standIn.url);
});

afterEach(() => {
  client.destroy();
  standIn.reset();
});

afterAll(async () => {
  await standIn.close();
});

const hello: ConverseRequest = {
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }],
};

async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('Bedrock model provider', () => {
  it('streams text deltas and ends with the whole message', async () => {
    // Prepare
    standIn.script([bedrockTurns.text('Hello from the stand-in model.')]);
    const model = createBedrockModelProvider({ client, modelId: MODEL_ID });

    // Act
    const events = await collect(model.converse(hello));

    // Assess
    const deltas = events.flatMap((event) => (event.type === 'text_delta' ? [event.text] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Hello from the stand-in model.');
    expect(events.at(-1)).toEqual({
      type: 'complete',
      message: {
        role: 'assistant',
        content: [{ type: 'text', text: 'Hello from the stand-in model.' }],
      },
      stopReason: 'end_turn',
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
    });
    expect(standIn.requests[0]?.modelId).toBe(MODEL_ID);
    expect(standIn.requests[0]?.operation).toBe('converse-stream');
  });

  it('joins tool input fragments and parses them when the block stops', async () => {
    // Prepare
    const input = { email: 'alice@example.com', role_arn: 'arn:aws:iam::123456789012:role/Dev' };
    standIn.script([bedrockTurns.toolUse({ name: 'google_admin__add_amazon_role', input })]);
    const model = createBedrockModelProvider({ client, modelId: MODEL_ID });

    // Act
    const events = await collect(
      model.converse({
        ...hello,
        tools: [
          {
            name: 'google_admin__add_amazon_role',
            description: 'Grant',
            inputSchema: { type: 'object' },
          },
        ],
      }),
    );

    // Assess
    const complete = events.at(-1);
    expect(complete?.type === 'complete' && complete.stopReason).toBe('tool_use');
    expect(complete?.type === 'complete' && complete.message.content).toEqual([
      { type: 'tool_use', id: 'tooluse_standin_1', name: 'google_admin__add_amazon_role', input },
    ]);
  });

  it('sends system prompt, inference settings, tool choice and the default guardrail', async () => {
    // Prepare
    standIn.script([bedrockTurns.text('ok')]);
    const model = createBedrockModelProvider({
      client,
      modelId: MODEL_ID,
      guardrail: { identifier: 'gr-123', version: '2' },
    });

    // Act
    await collect(
      model.converse({
        ...hello,
        system: 'Be brief.',
        tools: [
          {
            name: 'jira__get_issue',
            description: 'Read an issue',
            inputSchema: { type: 'object' },
          },
        ],
        toolChoice: { type: 'tool', name: 'jira__get_issue' },
        inference: { maxTokens: 256, temperature: 0 },
      }),
    );

    // Assess
    const body = bodyOf(standIn.requests[0] ?? { body: {} });
    expect(body.system).toEqual([{ text: 'Be brief.' }]);
    expect(body.inferenceConfig).toEqual({ maxTokens: 256, temperature: 0 });
    expect(body.toolConfig?.toolChoice).toEqual({ tool: { name: 'jira__get_issue' } });
    expect(body.guardrailConfig).toEqual({
      guardrailIdentifier: 'gr-123',
      guardrailVersion: '2',
      trace: 'disabled',
    });
  });

  it('lets the SDK retry a 429 ThrottlingException before the stream starts', async () => {
    // Prepare
    standIn.script([bedrockTurns.throttled(), bedrockTurns.text('after the throttle')]);
    const model = createBedrockModelProvider({ client, modelId: MODEL_ID });

    // Act
    const events = await collect(model.converse(hello));

    // Assess
    expect(standIn.requests).toHaveLength(2);
    expect(events.some((event) => event.type === 'restart')).toBe(false);
    const complete = events.at(-1);
    expect(complete?.type === 'complete' && complete.message.content).toEqual([
      { type: 'text', text: 'after the throttle' },
    ]);
  });

  it('says busy, try again, when throttling outlasts the SDK attempts', async () => {
    // Prepare
    const twoAttempts = bedrockClient(standIn.url, 2);
    standIn.script([bedrockTurns.throttled(), bedrockTurns.throttled()]);
    const model = createBedrockModelProvider({ client: twoAttempts, modelId: MODEL_ID });

    // Act
    const attempt = collect(model.converse(hello));

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'AgentError',
      code: 'model_busy',
      retryable: true,
      message: expect.stringMatching(/busy.*try again/),
    });
    expect(standIn.requests).toHaveLength(2);
    twoAttempts.destroy();
  });

  it('restarts the whole call after a throttlingException inside the stream', async () => {
    // Prepare
    standIn.script([
      bedrockTurns.throttledInStream('Half an ans'),
      bedrockTurns.text('Whole answer.'),
    ]);
    const { sleep, delays } = recordingSleep();
    const model = createBedrockModelProvider({
      client,
      modelId: MODEL_ID,
      sleep,
      random: () => 0.5,
    });

    // Act
    const events = await collect(model.converse(hello));

    // Assess
    expect(standIn.requests).toHaveLength(2);
    expect(bodyOf(standIn.requests[1] ?? { body: {} })).toEqual(
      bodyOf(standIn.requests[0] ?? { body: {} }),
    );
    const restart = events.findIndex((event) => event.type === 'restart');
    expect(events[restart]).toEqual({ type: 'restart', attempt: 1, reason: 'ThrottlingException' });
    const before = events
      .slice(0, restart)
      .flatMap((e) => (e.type === 'text_delta' ? [e.text] : []));
    expect(before.join('')).toBe('Half an ans');
    const complete = events.at(-1);
    expect(complete?.type === 'complete' && complete.message.content).toEqual([
      { type: 'text', text: 'Whole answer.' },
    ]);
    // The seed's backoff: 500 ms * 2^0 plus half of the 250 ms jitter.
    expect(delays).toEqual([625]);
  });

  it('leaves a throttlingException in the first frame to the SDK, which retries it', async () => {
    // Prepare
    standIn.script([bedrockTurns.throttledInStream(), bedrockTurns.text('second try')]);
    const { sleep, delays } = recordingSleep();
    const model = createBedrockModelProvider({ client, modelId: MODEL_ID, sleep });

    // Act
    const events = await collect(model.converse(hello));

    // Assess
    expect(standIn.requests).toHaveLength(2);
    expect(events.some((event) => event.type === 'restart')).toBe(false);
    expect(delays).toEqual([]);
    const complete = events.at(-1);
    expect(complete?.type === 'complete' && complete.message.content).toEqual([
      { type: 'text', text: 'second try' },
    ]);
  });

  it('bounds the restarts and then reports the throttling', async () => {
    // Prepare
    standIn.script([
      bedrockTurns.throttledInStream('one'),
      bedrockTurns.throttledInStream('two'),
      bedrockTurns.throttledInStream('three'),
    ]);
    const { sleep, delays } = recordingSleep();
    const model = createBedrockModelProvider({
      client,
      modelId: MODEL_ID,
      maxStreamRestarts: 2,
      sleep,
      random: () => 0,
    });

    // Act
    const attempt = collect(model.converse(hello));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'model_busy', retryable: true });
    expect(standIn.requests).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
  });

  it('does not restart a stream that failed for a reason retrying cannot fix', async () => {
    // Prepare
    standIn.script([
      {
        kind: 'stream-exception',
        exception: 'validationException',
        message: 'Input is too long.',
        partialText: 'Partial',
      },
    ]);
    const { sleep, delays } = recordingSleep();
    const model = createBedrockModelProvider({ client, modelId: MODEL_ID, sleep });

    // Act
    const attempt = collect(model.converse(hello));

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'model_rejected',
      message: expect.stringContaining('Input is too long.'),
    });
    expect(standIn.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('reports a bare Claude 4.x model id as refused, with the service reason', async () => {
    // Prepare
    const model = createBedrockModelProvider({
      client,
      modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    });

    // Act
    const attempt = collect(model.converse(hello));

    // Assess
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentError);
    expect(error).toMatchObject({
      code: 'model_rejected',
      retryable: false,
      message: expect.stringContaining('inference profile'),
    });
  });

  it('marks a tool call cut off by max_tokens as malformed', async () => {
    // Prepare
    standIn.script([
      {
        kind: 'reply',
        toolUses: [{ name: 'google_admin__get_amazon_roles', rawInput: '{"email":"ali' }],
        stopReason: 'max_tokens',
      },
    ]);
    const model = createBedrockModelProvider({ client, modelId: MODEL_ID });

    // Act
    const events = await collect(
      model.converse({
        ...hello,
        tools: [
          {
            name: 'google_admin__get_amazon_roles',
            description: 'Roles',
            inputSchema: { type: 'object' },
          },
        ],
      }),
    );

    // Assess
    const complete = events.at(-1);
    expect(complete?.type === 'complete' && complete.stopReason).toBe('max_tokens');
    expect(complete?.type === 'complete' && complete.message.content[0]).toMatchObject({
      type: 'tool_use',
      input: {},
      malformed: { raw: '{"email":"ali', reason: expect.stringContaining('not valid JSON') },
    });
  });

  it('stops when the caller aborts', async () => {
    // Prepare
    standIn.script([bedrockTurns.text('never read')]);
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    const model = createBedrockModelProvider({ client, modelId: MODEL_ID });

    // Act
    const attempt = collect(model.converse({ ...hello, signal: controller.signal }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'aborted' });
    expect(standIn.requests).toHaveLength(0);
  });
});
