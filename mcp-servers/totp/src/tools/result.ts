import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { TotpError } from '../errors.js';

/** Tool `_meta` key telling the runtime that results must be redacted from logs and audit. */
export const SENSITIVE_OUTPUT_META = 'agentcore/sensitive-output';

/** Structured content plus its JSON text, as the MCP spec asks of tools with an output schema. */
export function toolResult(structured: Record<string, unknown>): CallToolResult {
  return {
    structuredContent: structured,
    content: [{ type: 'text', text: JSON.stringify(structured) }],
  };
}

export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/** Runs a tool body, turning expected TotpErrors into tool errors the model can read. */
export async function runTool(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof TotpError) return toolError(error.message);
    throw error;
  }
}
