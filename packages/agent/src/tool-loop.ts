import { AgentError, abortedError } from './errors.js';
import type { AgentEvent, AgentOutcome, ToolCallRejection } from './events.js';
import {
  type GuardrailConfig,
  type InferenceConfig,
  type ModelMessage,
  type ModelProvider,
  type ModelStreamEvent,
  messageText,
  type StopReason,
  type TokenUsage,
  type ToolResultBlock,
  type ToolSpec,
  type ToolUseBlock,
} from './model.js';
import { type InputCheck, inputCheckFor } from './tool-input.js';
import type { ToolExecutor } from './tools.js';

/** The seed's iteration cap (SEED-SPEC 4.4). */
export const DEFAULT_MAX_ITERATIONS = 20;
export const DEFAULT_MAX_TOKENS = 4096;
/** The seed's final text when the model ends without saying anything. */
export const EMPTY_ANSWER_TEXT = 'Task completed successfully.';

/** The seed's message for a run stopped by the iteration cap. */
export function iterationCapMessage(maxIterations: number): string {
  return (
    `Task partially completed but reached maximum conversation iterations (${maxIterations}). ` +
    'The assistant may need simpler instructions or the task may be too complex for automated ' +
    'execution.'
  );
}

export interface AgentRunOptions {
  readonly model: ModelProvider;
  readonly tools: ToolExecutor;
  /** The user's request, with any memory recap or thread context already included. */
  readonly prompt: string;
  readonly system?: string;
  /** Model calls allowed in the run (default 20). */
  readonly maxIterations?: number;
  /** `maxTokens` defaults to 4096. */
  readonly inference?: InferenceConfig;
  readonly guardrail?: GuardrailConfig;
  readonly signal?: AbortSignal;
}

/** One tool call of a run, as the model saw its result. */
export interface AgentToolCall {
  readonly id: string;
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly content: string;
  readonly isError: boolean;
  readonly rejected?: ToolCallRejection;
}

export interface AgentResult {
  readonly text: string;
  readonly outcome: AgentOutcome;
  readonly stopReason: StopReason;
  /** Model calls made. */
  readonly iterations: number;
  readonly toolCalls: readonly AgentToolCall[];
  readonly usage: TokenUsage;
  /** The whole conversation, for audit. */
  readonly messages: readonly ModelMessage[];
}

type Complete = Extract<ModelStreamEvent, { type: 'complete' }>;

const OUTCOMES: Readonly<Record<StopReason, AgentOutcome>> = {
  end_turn: 'completed',
  stop_sequence: 'completed',
  tool_use: 'completed',
  max_tokens: 'max_tokens',
  guardrail_intervened: 'blocked',
  content_filtered: 'blocked',
  model_context_window_exceeded: 'context_exceeded',
  malformed_model_output: 'malformed_output',
  malformed_tool_use: 'malformed_output',
};

function finalText(turn: Complete, outcome: AgentOutcome, maxTokens: number): string {
  const text = messageText(turn.message);
  switch (outcome) {
    case 'completed':
      return text || EMPTY_ANSWER_TEXT;
    case 'max_tokens': {
      const cutCall = turn.message.content.some((block) => block.type === 'tool_use');
      const note =
        `The answer was cut off at the model's output limit of ${maxTokens} tokens` +
        (cutCall ? '; the tool call it was writing was not run.' : '.');
      return text ? `${text}\n\n${note}` : note;
    }
    case 'blocked':
      return text || 'The answer was blocked by the content filter.';
    case 'context_exceeded':
      return "The conversation outgrew the model's context window; try a smaller request.";
    case 'malformed_output':
      return 'The model produced output that could not be used; try rephrasing the request.';
    case 'max_iterations':
      return text;
  }
}

function asAgentError(error: unknown, signal: AbortSignal | undefined): AgentError {
  if (error instanceof AgentError) return error;
  if (signal?.aborted) return abortedError(signal);
  const detail = error instanceof Error ? error.message : String(error);
  return new AgentError('model_failed', `the agent run failed: ${detail}`, { cause: error });
}

class Run {
  private readonly checks = new Map<string, InputCheck | undefined>();
  private readonly specs: ReadonlyMap<string, ToolSpec>;
  readonly toolCalls: AgentToolCall[] = [];

  constructor(
    private readonly options: AgentRunOptions,
    specs: readonly ToolSpec[],
  ) {
    this.specs = new Map(specs.map((spec) => [spec.name, spec]));
  }

  private check(name: string): InputCheck | undefined {
    if (!this.checks.has(name)) {
      const spec = this.specs.get(name);
      this.checks.set(name, spec ? inputCheckFor(spec.inputSchema) : undefined);
    }
    return this.checks.get(name);
  }

  private rejection(use: ToolUseBlock): { reason: ToolCallRejection; content: string } | undefined {
    if (use.malformed) {
      return {
        reason: 'malformed_input',
        content: `The input for tool ${use.name} was rejected: ${use.malformed.reason}. Call the tool again with its whole input as one JSON object.`,
      };
    }
    // Tools the executor did not list are passed through: it is the gate that refuses and
    // audits them, and has no schema to check here.
    const problem = this.check(use.name)?.(use.input);
    if (problem === undefined) return undefined;
    return {
      reason: 'invalid_input',
      content: `The input for tool ${use.name} does not match its input schema: ${problem}`,
    };
  }

  /** Records a call's answer and gives its event and the block that goes back to the model. */
  private answer(
    use: ToolUseBlock,
    content: string,
    isError: boolean,
    rejected?: ToolCallRejection,
  ): [AgentEvent, ToolResultBlock] {
    const extra = rejected === undefined ? {} : { rejected };
    this.toolCalls.push({
      id: use.id,
      name: use.name,
      args: use.input,
      content,
      isError,
      ...extra,
    });
    return [
      { type: 'tool_result', id: use.id, name: use.name, content, isError, ...extra },
      { type: 'tool_result', toolUseId: use.id, content, status: isError ? 'error' : 'success' },
    ];
  }

  async *runTool(use: ToolUseBlock): AsyncGenerator<AgentEvent, ToolResultBlock> {
    const { signal } = this.options;
    const rejected = this.rejection(use);
    if (rejected) {
      const [event, block] = this.answer(use, rejected.content, true, rejected.reason);
      yield event;
      return block;
    }
    yield { type: 'tool_call', id: use.id, name: use.name, args: use.input };
    if (signal?.aborted) throw abortedError(signal);
    let output: { text: string; isError: boolean };
    try {
      output = await this.options.tools.callTool(use.name, use.input, signal);
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal);
      const detail = error instanceof Error ? error.message : String(error);
      throw new AgentError('tool_failed', `tool ${use.name} failed: ${detail}`, { cause: error });
    }
    // Converse refuses blank text blocks, so an empty answer is said in words.
    const content = output.text.trim()
      ? output.text
      : output.isError
        ? 'The tool failed without a message.'
        : 'The tool returned no output.';
    const [event, block] = this.answer(use, content, output.isError);
    yield event;
    return block;
  }
}

function addUsage(total: TokenUsage, usage: TokenUsage | undefined): TokenUsage {
  if (!usage) return total;
  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
  };
}

/** The run itself: yields events, returns the result, throws AgentError. */
async function* agentLoop(options: AgentRunOptions): AsyncGenerator<AgentEvent, AgentResult> {
  const { signal } = options;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new AgentError('invalid_config', 'maxIterations must be a positive whole number');
  }
  const inference: InferenceConfig = { maxTokens: DEFAULT_MAX_TOKENS, ...options.inference };
  const maxTokens = inference.maxTokens ?? DEFAULT_MAX_TOKENS;
  let specs: readonly ToolSpec[];
  try {
    specs = await options.tools.listTools(signal);
  } catch (error) {
    if (signal?.aborted) throw abortedError(signal);
    const detail = error instanceof Error ? error.message : String(error);
    throw new AgentError('tool_failed', `could not list the tools: ${detail}`, { cause: error });
  }
  const run = new Run(options, specs);
  const messages: ModelMessage[] = [
    { role: 'user', content: [{ type: 'text', text: options.prompt }] },
  ];
  let usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  const result = (
    text: string,
    outcome: AgentOutcome,
    stopReason: StopReason,
    iterations: number,
  ): AgentResult => ({
    text,
    outcome,
    stopReason,
    iterations,
    toolCalls: run.toolCalls,
    usage,
    messages,
  });

  for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
    let turn: Complete | undefined;
    const stream = options.model.converse({
      messages: [...messages],
      ...(options.system ? { system: options.system } : {}),
      ...(specs.length > 0 ? { tools: specs } : {}),
      inference,
      ...(options.guardrail ? { guardrail: options.guardrail } : {}),
      ...(signal ? { signal } : {}),
    });
    for await (const event of stream) {
      if (event.type === 'text_delta') yield { type: 'token', text: event.text };
      else if (event.type === 'restart') {
        yield { type: 'retry', attempt: event.attempt, reason: event.reason };
      } else turn = event;
    }
    if (!turn) throw new AgentError('model_failed', 'the model ended a turn without its message');
    usage = addUsage(usage, turn.usage);
    messages.push(turn.message);
    const toolUses = turn.message.content.filter((block) => block.type === 'tool_use');
    if (turn.stopReason !== 'tool_use' || toolUses.length === 0) {
      const outcome = OUTCOMES[turn.stopReason];
      const text = finalText(turn, outcome, maxTokens);
      yield {
        type: 'final',
        text,
        outcome,
        stopReason: turn.stopReason,
        iterations: iteration,
        usage,
      };
      return result(text, outcome, turn.stopReason, iteration);
    }
    // One user turn answers every toolUse of the assistant turn, in the same order.
    const results: ToolResultBlock[] = [];
    for (const use of toolUses) results.push(yield* run.runTool(use));
    messages.push({ role: 'user', content: results });
  }

  const text = iterationCapMessage(maxIterations);
  yield {
    type: 'final',
    text,
    outcome: 'max_iterations',
    stopReason: 'tool_use',
    iterations: maxIterations,
    usage,
  };
  return result(text, 'max_iterations', 'tool_use', maxIterations);
}

/**
 * Runs the Converse tool loop and streams its events. Never throws: the last event is `final`
 * or `error`, so a caller can forward the stream as it is.
 */
export async function* streamAgent(options: AgentRunOptions): AsyncGenerator<AgentEvent, void> {
  try {
    yield* agentLoop(options);
  } catch (error) {
    const failure = asAgentError(error, options.signal);
    yield {
      type: 'error',
      code: failure.code,
      message: failure.message,
      retryable: failure.retryable,
    };
  }
}

/**
 * Runs the Converse tool loop to its end. Every event goes to `onEvent` as it happens. A failed
 * run throws its AgentError instead of emitting an `error` event.
 */
export async function runAgent(
  options: AgentRunOptions,
  onEvent?: (event: AgentEvent) => void,
): Promise<AgentResult> {
  const loop = agentLoop(options);
  try {
    for (;;) {
      const step = await loop.next();
      if (step.done) return step.value;
      onEvent?.(step.value);
    }
  } catch (error) {
    throw asAgentError(error, options.signal);
  }
}
