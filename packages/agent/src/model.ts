import { AgentError } from './errors.js';

/**
 * The model provider port: one streaming conversation turn. The shapes follow Bedrock
 * Converse (the richer of the two wire formats) in provider-neutral names, so the tool loop and
 * the proposal step never see SDK types.
 */

/** Text the user or the model wrote. */
export interface TextBlock {
  readonly type: 'text';
  readonly text: string;
}

/** A tool call the model made. */
export interface ToolUseBlock {
  readonly type: 'tool_use';
  readonly id: string;
  readonly name: string;
  /** The parsed input; `{}` when the model's input could not be parsed (see `malformed`). */
  readonly input: Record<string, unknown>;
  /** Set when the streamed input was not a JSON object; such a call is never run. */
  readonly malformed?: { readonly raw: string; readonly reason: string };
}

/** The answer to one tool call, sent back in a user turn. */
export interface ToolResultBlock {
  readonly type: 'tool_result';
  readonly toolUseId: string;
  readonly content: string;
  readonly status: 'success' | 'error';
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

export interface ModelMessage {
  readonly role: 'user' | 'assistant';
  readonly content: readonly ContentBlock[];
}

/** A tool offered to the model: qualified `alias__tool` name and JSON Schema of its input. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Record<string, unknown>;
}

export type ToolChoice =
  | { readonly type: 'auto' }
  | { readonly type: 'any' }
  | { readonly type: 'tool'; readonly name: string };

export interface InferenceConfig {
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly stopSequences?: readonly string[];
}

/** A Bedrock guardrail applied to the turn. */
export interface GuardrailConfig {
  readonly identifier: string;
  readonly version: string;
  readonly trace?: 'enabled' | 'disabled';
}

export interface ConverseRequest {
  readonly system?: string;
  /** Starts with a user turn and alternates. */
  readonly messages: readonly ModelMessage[];
  /** Resent on every turn: Converse requires it whenever the history holds tool blocks. */
  readonly tools?: readonly ToolSpec[];
  readonly toolChoice?: ToolChoice;
  readonly inference?: InferenceConfig;
  readonly guardrail?: GuardrailConfig;
  readonly signal?: AbortSignal;
}

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'malformed_model_output'
  | 'malformed_tool_use'
  | 'model_context_window_exceeded';

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/**
 * What a provider streams for one turn:
 * - `text_delta`: a piece of the model's text, as it arrives.
 * - `restart`: the call failed mid-stream and is being made again; text deltas received since
 *   the turn began are void and will be streamed anew.
 * - `complete`: always last; the whole assistant message, why it stopped, and token usage.
 */
export type ModelStreamEvent =
  | { readonly type: 'text_delta'; readonly text: string }
  | { readonly type: 'restart'; readonly attempt: number; readonly reason: string }
  | {
      readonly type: 'complete';
      readonly message: ModelMessage;
      readonly stopReason: StopReason;
      readonly usage?: TokenUsage;
    };

/** A chat model that can call tools. Errors are thrown as AgentError. */
export interface ModelProvider {
  /** `bedrock` or `openai-compatible`, for logs and audit. */
  readonly provider: string;
  readonly modelId: string;
  converse(request: ConverseRequest): AsyncIterable<ModelStreamEvent>;
}

/** The message the model returned, with only its text blocks joined. */
export function messageText(message: ModelMessage): string {
  return message.content
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('\n')
    .trim();
}

/** Drains one turn into its `complete` event, passing every event to `onEvent` first. */
export async function completeTurn(
  stream: AsyncIterable<ModelStreamEvent>,
  onEvent?: (event: ModelStreamEvent) => void,
): Promise<Extract<ModelStreamEvent, { type: 'complete' }>> {
  let complete: Extract<ModelStreamEvent, { type: 'complete' }> | undefined;
  for await (const event of stream) {
    onEvent?.(event);
    if (event.type === 'complete') complete = event;
  }
  if (!complete) {
    throw new AgentError('model_failed', 'the model provider ended a turn without its message');
  }
  return complete;
}
