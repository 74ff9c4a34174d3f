import * as z from 'zod';
import { AgentError, abortedError } from './errors.js';
import type {
  ContentBlock,
  ConverseRequest,
  ModelMessage,
  ModelProvider,
  ModelStreamEvent,
  StopReason,
  TokenUsage,
  ToolChoice,
} from './model.js';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  type Sleep,
  timerSleep,
} from './retry.js';
import { serverSentData } from './sse.js';
import { parseToolInput } from './tool-input.js';

export interface OpenAiCompatibleOptions {
  /** The API root ending in `/v1`, e.g. `http://127.0.0.1:11434/v1` for Ollama. */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as a bearer token when set. */
  readonly apiKey?: string;
  /** Bound on one attempt, the streamed answer included (default 120 s). */
  readonly timeoutMs?: number;
  /** Retries on HTTP 429 and 5xx, timeouts and failed connections (default 3). */
  readonly retry?: Partial<RetryPolicy>;
  /** Stream the answer as server-sent events (default true). */
  readonly stream?: boolean;
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

const ArgumentsSchema = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

const ToolCallPartSchema = z.object({
  index: z.int().nonnegative().optional(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: ArgumentsSchema }).nullish(),
});

const UsageSchema = z
  .object({ prompt_tokens: z.number().default(0), completion_tokens: z.number().default(0) })
  .nullish();

const ErrorFieldSchema = z
  .union([z.string(), z.object({ message: z.string().optional() }).loose()])
  .nullish();

const ChunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullish(),
            tool_calls: z.array(ToolCallPartSchema).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: UsageSchema,
  error: ErrorFieldSchema,
});

const CompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z.array(ToolCallPartSchema).nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: UsageSchema,
});

const FINISH_REASONS: Readonly<Record<string, StopReason>> = {
  stop: 'end_turn',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  length: 'max_tokens',
  content_filter: 'content_filtered',
};

function toChatMessages(request: ConverseRequest): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) {
    const text = message.content
      .flatMap((block) => (block.type === 'text' ? [block.text] : []))
      .join('\n');
    if (message.role === 'assistant') {
      const calls = message.content.flatMap((block) =>
        block.type === 'tool_use'
          ? [
              {
                id: block.id,
                type: 'function',
                function: { name: block.name, arguments: JSON.stringify(block.input) },
              },
            ]
          : [],
      );
      messages.push({
        role: 'assistant',
        content: text || null,
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
      });
      continue;
    }
    // Tool answers are separate `tool` messages and must directly follow the assistant's calls.
    for (const block of message.content) {
      if (block.type !== 'tool_result') continue;
      messages.push({
        role: 'tool',
        tool_call_id: block.toolUseId,
        content: block.status === 'error' ? `Error: ${block.content}` : block.content,
      });
    }
    if (text) messages.push({ role: 'user', content: text });
  }
  return messages;
}

function toToolChoice(choice: ToolChoice): unknown {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
  }
}

/** The chat completions body for a provider-neutral request. */
export function toChatCompletionsBody(
  model: string,
  request: ConverseRequest,
  stream: boolean,
): Record<string, unknown> {
  const tools = request.tools ?? [];
  const inference = request.inference ?? {};
  return {
    model,
    messages: toChatMessages(request),
    stream,
    ...(tools.length > 0
      ? {
          tools: tools.map((tool) => ({
            type: 'function',
            function: {
              name: tool.name,
              description: tool.description,
              parameters: tool.inputSchema,
            },
          })),
          ...(request.toolChoice ? { tool_choice: toToolChoice(request.toolChoice) } : {}),
        }
      : {}),
    ...(inference.maxTokens === undefined ? {} : { max_tokens: inference.maxTokens }),
    ...(inference.temperature === undefined ? {} : { temperature: inference.temperature }),
    ...(inference.topP === undefined ? {} : { top_p: inference.topP }),
    ...(inference.stopSequences ? { stop: [...inference.stopSequences] } : {}),
  };
}

interface PartialCall {
  id: string;
  name: string;
  args: string;
}

/** Builds the assistant message from the streamed or whole answer. */
class ChatTurn {
  text = '';
  private readonly calls = new Map<number, PartialCall>();
  private finish: string | undefined;
  private usage: TokenUsage | undefined;

  addCalls(parts: readonly z.infer<typeof ToolCallPartSchema>[]): void {
    for (const [position, part] of parts.entries()) {
      const key = part.index ?? position;
      const call = this.calls.get(key) ?? { id: '', name: '', args: '' };
      if (part.id) call.id = part.id;
      if (part.function?.name && !call.name) call.name = part.function.name;
      const args = part.function?.arguments;
      if (typeof args === 'string') call.args += args;
      else if (args) call.args += JSON.stringify(args);
      this.calls.set(key, call);
    }
  }

  setFinish(reason: string | null | undefined): void {
    if (reason) this.finish = reason;
  }

  setUsage(usage: z.infer<typeof UsageSchema>): void {
    if (usage) {
      this.usage = { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
    }
  }

  complete(): Extract<ModelStreamEvent, { type: 'complete' }> {
    const content: ContentBlock[] = [];
    if (this.text) content.push({ type: 'text', text: this.text });
    for (const [key, call] of [...this.calls.entries()].sort(([a], [b]) => a - b)) {
      const id = call.id || `call_${key}`;
      const parsed = parseToolInput(call.args);
      content.push(
        parsed.ok
          ? { type: 'tool_use', id, name: call.name, input: parsed.input }
          : {
              type: 'tool_use',
              id,
              name: call.name,
              input: {},
              malformed: { raw: call.args, reason: parsed.reason },
            },
      );
    }
    const mapped = this.finish === undefined ? undefined : FINISH_REASONS[this.finish];
    // Some servers report `stop` (or nothing) for a turn that calls tools.
    const stopReason: StopReason =
      this.calls.size > 0 && (mapped === undefined || mapped === 'end_turn')
        ? 'tool_use'
        : (mapped ?? 'end_turn');
    const message: ModelMessage = { role: 'assistant', content };
    return { type: 'complete', message, stopReason, ...(this.usage ? { usage: this.usage } : {}) };
  }
}

function errorDetail(text: string): string {
  try {
    const body = z.object({ error: ErrorFieldSchema }).safeParse(JSON.parse(text));
    const error = body.success ? body.data.error : undefined;
    if (typeof error === 'string') return error;
    if (error?.message) return error.message;
  } catch {
    // Not JSON: the text itself is the best detail there is.
  }
  return text.trim().slice(0, 300) || 'no details';
}

function httpError(status: number, text: string, url: string): AgentError {
  const detail = errorDetail(text);
  if (status === 429) {
    return new AgentError(
      'model_busy',
      `The model endpoint is busy (HTTP 429: ${detail}); try again in a minute.`,
      { retryable: true },
    );
  }
  if (status >= 500) {
    return new AgentError('model_failed', `The model endpoint failed (HTTP ${status}): ${detail}`, {
      retryable: true,
    });
  }
  return new AgentError(
    'model_rejected',
    `The model endpoint ${url} refused the request (HTTP ${status}): ${detail}`,
  );
}

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

async function* readStream(response: Response): AsyncGenerator<ModelStreamEvent, ChatTurn> {
  const turn = new ChatTurn();
  if (!response.body) return turn;
  for await (const data of serverSentData(response.body)) {
    if (data.trim() === '[DONE]') break;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      throw new AgentError('model_failed', 'the model endpoint streamed an event that is not JSON');
    }
    const chunk = ChunkSchema.safeParse(json);
    if (!chunk.success) {
      throw new AgentError('model_failed', 'the model endpoint streamed an unexpected chunk');
    }
    const { error } = chunk.data;
    if (error) {
      const detail = typeof error === 'string' ? error : (error.message ?? 'no details');
      throw new AgentError('model_failed', `the model endpoint failed mid-answer: ${detail}`);
    }
    const choice = chunk.data.choices[0];
    if (choice?.delta?.content) {
      turn.text += choice.delta.content;
      yield { type: 'text_delta', text: choice.delta.content };
    }
    if (choice?.delta?.tool_calls) turn.addCalls(choice.delta.tool_calls);
    turn.setFinish(choice?.finish_reason);
    turn.setUsage(chunk.data.usage);
  }
  return turn;
}

async function* readCompletion(response: Response): AsyncGenerator<ModelStreamEvent, ChatTurn> {
  const parsed = CompletionSchema.safeParse(await response.json());
  if (!parsed.success) {
    throw new AgentError('model_failed', 'the model endpoint answered with an unexpected body');
  }
  const turn = new ChatTurn();
  const choice = parsed.data.choices[0];
  const text = choice?.message.content ?? '';
  if (text) {
    turn.text = text;
    yield { type: 'text_delta', text };
  }
  turn.addCalls(choice?.message.tool_calls ?? []);
  turn.setFinish(choice?.finish_reason);
  turn.setUsage(parsed.data.usage);
  return turn;
}

/**
 * A ModelProvider over an OpenAI-compatible `/chat/completions` endpoint (Ollama, vLLM,
 * llama.cpp, LM Studio, ...). Throttling and server errors are retried with backoff before any
 * output; a failure after output has started is thrown.
 */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): ModelProvider {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 3, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const stream = options.stream ?? true;
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? timerSleep;
  const random = options.random ?? Math.random;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };

  async function* converse(request: ConverseRequest): AsyncGenerator<ModelStreamEvent> {
    if (request.guardrail) {
      // Running without the guardrail the caller asked for would be a silent downgrade.
      throw new AgentError(
        'invalid_config',
        'guardrails are a Bedrock feature; an OpenAI-compatible endpoint cannot apply one',
      );
    }
    const body = JSON.stringify(toChatCompletionsBody(options.model, request, stream));
    const callerSignal = request.signal;
    for (let attempt = 0; ; attempt += 1) {
      if (callerSignal?.aborted) throw abortedError(callerSignal);
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
      const failed = (error: unknown): AgentError => {
        if (error instanceof AgentError) return error;
        if (callerSignal?.aborted) return abortedError(callerSignal);
        if (timeout.aborted) {
          return new AgentError(
            'model_timeout',
            `the model endpoint did not answer in ${timeoutMs} ms`,
            {
              cause: error,
              retryable: true,
            },
          );
        }
        const detail = error instanceof Error ? error.message : String(error);
        return new AgentError(
          'model_failed',
          `could not reach the model endpoint ${url}: ${detail}`,
          {
            cause: error,
            retryable: true,
          },
        );
      };
      let response: Response;
      try {
        response = await fetchImpl(url, { method: 'POST', headers, body, signal });
      } catch (error) {
        const failure = failed(error);
        if (failure.code === 'aborted' || attempt >= policy.maxRetries) throw failure;
        await sleep(backoffDelay(attempt, policy, random), callerSignal);
        continue;
      }
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        if (RETRY_STATUSES.has(response.status) && attempt < policy.maxRetries) {
          const backoff = backoffDelay(attempt, policy, random);
          const wait = Math.min(policy.maxDelayMs, Math.max(backoff, retryAfterMs(response) ?? 0));
          await sleep(wait, callerSignal);
          continue;
        }
        throw httpError(response.status, text, url);
      }
      try {
        const turn = yield* stream ? readStream(response) : readCompletion(response);
        yield turn.complete();
      } catch (error) {
        throw failed(error);
      }
      return;
    }
  }

  return { provider: 'openai-compatible', modelId: options.model, converse };
}
