import {
  type ContentBlock as BedrockContentBlock,
  type Message as BedrockMessage,
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  type ToolChoice as BedrockToolChoice,
  type ToolUseBlock as BedrockToolUseBlock,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
  type Tool,
} from '@aws-sdk/client-bedrock-runtime';
import { AgentError, abortedError } from './errors.js';
import type {
  ContentBlock,
  ConverseRequest,
  GuardrailConfig,
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
  isRetryableModelError,
  type RetryPolicy,
  type Sleep,
  timerSleep,
} from './retry.js';
import { parseToolInput } from './tool-input.js';

type DocumentType = Exclude<BedrockToolUseBlock['input'], undefined>;

export interface BedrockClientSettings {
  readonly region: string;
  /** Another endpoint than the region's, e.g. a VPC endpoint or the local stand-in. */
  readonly endpoint?: string;
  /** SDK attempts per call, the first included. Background paths use 4-6. */
  readonly maxAttempts?: number;
  /** Any other client setting (credentials, requestHandler, ...). */
  readonly overrides?: Partial<BedrockRuntimeClientConfig>;
}

/**
 * A Bedrock Runtime client with adaptive retries: the SDK backs off with jitter and rate-limits
 * itself with a client-side token bucket when Bedrock throttles (HTTP 429) before a stream
 * starts. Exceptions inside a started stream are not retried by the SDK; the provider restarts
 * those calls itself.
 */
export function createBedrockRuntimeClient(settings: BedrockClientSettings): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: settings.region,
    retryMode: 'adaptive',
    maxAttempts: settings.maxAttempts ?? 5,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...settings.overrides,
  });
}

export interface BedrockModelProviderOptions {
  readonly client: BedrockRuntimeClient;
  /** An inference profile id for Claude 4.x, e.g. `us.anthropic.claude-haiku-4-5-20251001-v1:0`. */
  readonly modelId: string;
  /** Applied to every request that brings no guardrail of its own. */
  readonly guardrail?: GuardrailConfig;
  /** How often a call is made again after an exception inside its stream (default 2). */
  readonly maxStreamRestarts?: number;
  /** Backoff between stream restarts; `maxRetries` is taken from `maxStreamRestarts`. */
  readonly backoff?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

const STOP_REASONS: ReadonlySet<string> = new Set<StopReason>([
  'end_turn',
  'tool_use',
  'max_tokens',
  'stop_sequence',
  'guardrail_intervened',
  'content_filtered',
  'malformed_model_output',
  'malformed_tool_use',
  'model_context_window_exceeded',
]);

function isStopReason(value: string): value is StopReason {
  return STOP_REASONS.has(value);
}

/** JSON values as the SDK's document type, without casts. */
function toDocument(value: unknown): DocumentType {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toDocument);
  if (typeof value === 'object') {
    const document: Record<string, DocumentType> = {};
    for (const [key, entry] of Object.entries(value)) document[key] = toDocument(entry);
    return document;
  }
  return null;
}

function toBedrockBlock(block: ContentBlock): BedrockContentBlock {
  switch (block.type) {
    case 'text':
      return { text: block.text };
    case 'tool_use':
      return { toolUse: { toolUseId: block.id, name: block.name, input: toDocument(block.input) } };
    case 'tool_result':
      return {
        toolResult: {
          toolUseId: block.toolUseId,
          content: [{ text: block.content }],
          status: block.status,
        },
      };
  }
}

function toBedrockMessage(message: ModelMessage): BedrockMessage {
  // Bedrock refuses blank text blocks, which models sometimes emit before a tool call.
  const content = message.content.filter(
    (block) => block.type !== 'text' || block.text.trim().length > 0,
  );
  return { role: message.role, content: content.map(toBedrockBlock) };
}

function toBedrockToolChoice(choice: ToolChoice): BedrockToolChoice {
  switch (choice.type) {
    case 'auto':
      return { auto: {} };
    case 'any':
      return { any: {} };
    case 'tool':
      return { tool: { name: choice.name } };
  }
}

/** The ConverseStream input for a provider-neutral request. */
export function toConverseStreamInput(
  modelId: string,
  request: ConverseRequest,
  defaultGuardrail?: GuardrailConfig,
): ConverseStreamCommandInput {
  const tools: Tool[] = (request.tools ?? []).map((tool) => ({
    toolSpec: {
      name: tool.name,
      description: tool.description,
      inputSchema: { json: toDocument(tool.inputSchema) },
    },
  }));
  const inference = request.inference;
  const guardrail = request.guardrail ?? defaultGuardrail;
  return {
    modelId,
    messages: request.messages.map(toBedrockMessage),
    ...(request.system ? { system: [{ text: request.system }] } : {}),
    ...(tools.length > 0
      ? {
          toolConfig: {
            tools,
            ...(request.toolChoice ? { toolChoice: toBedrockToolChoice(request.toolChoice) } : {}),
          },
        }
      : {}),
    ...(inference
      ? {
          inferenceConfig: {
            maxTokens: inference.maxTokens,
            temperature: inference.temperature,
            topP: inference.topP,
            stopSequences: inference.stopSequences ? [...inference.stopSequences] : undefined,
          },
        }
      : {}),
    ...(guardrail
      ? {
          guardrailConfig: {
            guardrailIdentifier: guardrail.identifier,
            guardrailVersion: guardrail.version,
            trace: guardrail.trace ?? 'disabled',
          },
        }
      : {}),
  };
}

type OpenBlock =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; id: string; name: string; raw: string; stopped: boolean };

// Exceptions Bedrock may put inside a started stream. The SDK throws them; should one arrive
// as a union member instead, it is thrown under the SDK's exception name all the same.
const STREAM_EXCEPTIONS = {
  throttlingException: 'ThrottlingException',
  serviceUnavailableException: 'ServiceUnavailableException',
  validationException: 'ValidationException',
  internalServerException: 'InternalServerException',
  modelStreamErrorException: 'ModelStreamErrorException',
} as const;

function streamException(event: ConverseStreamOutput): Error | undefined {
  for (const [member, name] of Object.entries(STREAM_EXCEPTIONS)) {
    const payload: unknown = Reflect.get(event, member);
    if (payload === undefined) continue;
    const message = Reflect.get(Object(payload), 'message');
    const error = new Error(typeof message === 'string' ? message : name);
    error.name = name;
    return error;
  }
  return undefined;
}

/** Rebuilds one assistant message from ConverseStream events. */
class TurnAssembler {
  private readonly blocks = new Map<number, OpenBlock>();
  private stopReason: StopReason | undefined;
  private usage: TokenUsage | undefined;

  /** Applies one event; returns the text it adds, if any. */
  apply(event: ConverseStreamOutput): string | undefined {
    const exception = streamException(event);
    if (exception) throw exception;
    if (event.contentBlockStart) {
      const { contentBlockIndex, start } = event.contentBlockStart;
      if (contentBlockIndex !== undefined && start?.toolUse) {
        this.blocks.set(contentBlockIndex, {
          kind: 'tool',
          id: start.toolUse.toolUseId ?? `tooluse_${contentBlockIndex}`,
          name: start.toolUse.name ?? '',
          raw: '',
          stopped: false,
        });
      }
      return undefined;
    }
    if (event.contentBlockDelta) {
      const { contentBlockIndex: index = 0, delta } = event.contentBlockDelta;
      if (delta?.text !== undefined) {
        const block = this.blocks.get(index);
        if (block?.kind === 'text') block.text += delta.text;
        else this.blocks.set(index, { kind: 'text', text: delta.text });
        return delta.text;
      }
      if (delta?.toolUse) {
        const block = this.blocks.get(index);
        if (block?.kind !== 'tool') {
          throw new AgentError(
            'model_failed',
            'Bedrock sent tool input for a block it never opened',
          );
        }
        block.raw += delta.toolUse.input ?? '';
      }
      return undefined;
    }
    if (event.contentBlockStop) {
      const block = this.blocks.get(event.contentBlockStop.contentBlockIndex ?? 0);
      if (block?.kind === 'tool') block.stopped = true;
      return undefined;
    }
    if (event.messageStop) {
      const reason = event.messageStop.stopReason ?? 'end_turn';
      // A stop reason newer than this code ends the loop rather than guessing what it allows.
      this.stopReason = isStopReason(reason) ? reason : 'end_turn';
      return undefined;
    }
    if (event.metadata?.usage) {
      this.usage = {
        inputTokens: event.metadata.usage.inputTokens ?? 0,
        outputTokens: event.metadata.usage.outputTokens ?? 0,
      };
    }
    return undefined;
  }

  complete(): Extract<ModelStreamEvent, { type: 'complete' }> {
    if (this.stopReason === undefined) {
      throw new AgentError('model_failed', 'the Bedrock stream ended without a stop reason', {
        retryable: true,
      });
    }
    const content: ContentBlock[] = [...this.blocks.entries()]
      .sort(([left], [right]) => left - right)
      .map(([, block]) => {
        if (block.kind === 'text') return { type: 'text', text: block.text };
        const parsed = block.stopped
          ? parseToolInput(block.raw)
          : { ok: false as const, reason: 'the output ended before this tool call was complete' };
        return parsed.ok
          ? { type: 'tool_use', id: block.id, name: block.name, input: parsed.input }
          : {
              type: 'tool_use',
              id: block.id,
              name: block.name,
              input: {},
              malformed: { raw: block.raw, reason: parsed.reason },
            };
      });
    return {
      type: 'complete',
      message: { role: 'assistant', content },
      stopReason: this.stopReason,
      ...(this.usage ? { usage: this.usage } : {}),
    };
  }
}

const BUSY = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'TooManyRequestsException',
]);
const REJECTED = new Set([
  'ValidationException',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ServiceQuotaExceededException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
]);

/** Maps an SDK failure to the AgentError callers branch on. */
export function bedrockError(error: unknown, signal?: AbortSignal): AgentError {
  if (error instanceof AgentError) return error;
  if (signal?.aborted) return abortedError(signal);
  const name = error instanceof Error ? error.name : 'Error';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'AbortError') return abortedError(signal);
  if (BUSY.has(name)) {
    return new AgentError(
      'model_busy',
      `Bedrock is busy right now (${name}: ${detail}); try again in a minute.`,
      { cause: error, retryable: true },
    );
  }
  if (name === 'ModelTimeoutException') {
    return new AgentError('model_timeout', `the model did not answer in time: ${detail}`, {
      cause: error,
      retryable: true,
    });
  }
  if (REJECTED.has(name)) {
    return new AgentError('model_rejected', `Bedrock refused the request (${name}): ${detail}`, {
      cause: error,
    });
  }
  return new AgentError('model_failed', `the Bedrock call failed (${name}): ${detail}`, {
    cause: error,
    retryable: name === 'InternalServerException' || isRetryableModelError(error),
  });
}

/** A ModelProvider over Bedrock ConverseStream. */
export function createBedrockModelProvider(options: BedrockModelProviderOptions): ModelProvider {
  const maxRestarts = options.maxStreamRestarts ?? 2;
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...options.backoff,
    maxRetries: maxRestarts,
  };
  const sleep = options.sleep ?? timerSleep;
  const random = options.random ?? Math.random;

  async function* converse(request: ConverseRequest): AsyncGenerator<ModelStreamEvent> {
    const input = toConverseStreamInput(options.modelId, request, options.guardrail);
    const signal = request.signal;
    for (let attempt = 0; ; attempt += 1) {
      if (signal?.aborted) throw abortedError(signal);
      let stream: AsyncIterable<ConverseStreamOutput> | undefined;
      try {
        const response = await options.client.send(
          new ConverseStreamCommand(input),
          signal ? { abortSignal: signal } : {},
        );
        stream = response.stream;
      } catch (error) {
        // The SDK already retried this with adaptive backoff.
        throw bedrockError(error, signal);
      }
      if (!stream) throw new AgentError('model_failed', 'Bedrock answered without an event stream');
      const turn = new TurnAssembler();
      try {
        for await (const event of stream) {
          const text = turn.apply(event);
          if (text) yield { type: 'text_delta', text };
        }
      } catch (error) {
        if (signal?.aborted) throw abortedError(signal);
        if (attempt < policy.maxRetries && isRetryableModelError(error)) {
          yield { type: 'restart', attempt: attempt + 1, reason: errorName(error) };
          await sleep(backoffDelay(attempt, policy, random), signal);
          continue;
        }
        throw bedrockError(error, signal);
      }
      yield turn.complete();
      return;
    }
  }

  return { provider: 'bedrock', modelId: options.modelId, converse };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
