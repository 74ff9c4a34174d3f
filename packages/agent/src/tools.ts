import type { ToolSpec } from './model.js';

/** A tool's answer. `isError` results go back to the model as failed tool results. */
export interface ToolOutput {
  readonly text: string;
  readonly isError: boolean;
}

/**
 * The tools one agent run may use; the workflow adapts the allowlisted MCP session to it.
 *
 * `callTool` resolves with the tool's answer, `isError` set when the tool reported a failure
 * the model may react to. It throws to stop the whole run instead: for a call the executor
 * must refuse outright (a tool outside the allowlist, a changed tool definition), which then
 * ends as an AgentError with code `tool_failed` and the thrown error as its cause.
 */
export interface ToolExecutor {
  /** The tools the model is offered: qualified `alias__tool` names and JSON input schemas. */
  listTools(signal?: AbortSignal): Promise<readonly ToolSpec[]>;
  callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<ToolOutput>;
}
