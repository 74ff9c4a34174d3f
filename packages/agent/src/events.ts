import type { AgentErrorCode } from './errors.js';
import type { StopReason, TokenUsage } from './model.js';

/**
 * How a run ended:
 * - `completed`: the model finished its answer.
 * - `max_iterations`: the model still wanted tools after the last allowed turn.
 * - `max_tokens`: the answer hit the output token limit; a cut-off tool call is not run.
 * - `blocked`: a guardrail or content filter stopped the answer.
 * - `context_exceeded`: the conversation outgrew the model's context window.
 * - `malformed_output`: the model produced output the service could not use.
 */
export type AgentOutcome =
  | 'completed'
  | 'max_iterations'
  | 'max_tokens'
  | 'blocked'
  | 'context_exceeded'
  | 'malformed_output';

/** Why the agent refused to run a tool call without asking the executor. */
export type ToolCallRejection = 'malformed_input' | 'invalid_input';

/**
 * What a run streams to its caller, for forwarding to a UI or a log.
 * - `token`: model text as it arrives.
 * - `retry`: the model call is being made again after a failure mid-stream; `token` text of
 *   the current turn since its start is void and arrives again.
 * - `tool_call`: a call about to run. A call refused for its input has no `tool_call`, only a
 *   `tool_result` with `rejected` set.
 * - `tool_result`: a call's answer as the model sees it.
 * - `final`: the run ended; always the last event of a successful run.
 * - `error`: the run failed; always the last event of a failed run.
 */
export type AgentEvent =
  | { readonly type: 'token'; readonly text: string }
  | { readonly type: 'retry'; readonly attempt: number; readonly reason: string }
  | {
      readonly type: 'tool_call';
      readonly id: string;
      readonly name: string;
      readonly args: Record<string, unknown>;
    }
  | {
      readonly type: 'tool_result';
      readonly id: string;
      readonly name: string;
      readonly content: string;
      readonly isError: boolean;
      readonly rejected?: ToolCallRejection;
    }
  | {
      readonly type: 'final';
      readonly text: string;
      readonly outcome: AgentOutcome;
      readonly stopReason: StopReason;
      readonly iterations: number;
      readonly usage: TokenUsage;
    }
  | {
      readonly type: 'error';
      readonly code: AgentErrorCode;
      readonly message: string;
      readonly retryable: boolean;
    };
