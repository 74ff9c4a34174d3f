import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

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

/**
 * Runs one of our servers' tool bodies: an error of the server's own `expected` class (bad input,
 * a provider's refusal) becomes a tool error the model can read; anything else propagates.
 */
export async function runTool(
  expected: abstract new (...args: never[]) => Error,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof expected) return toolError(error.message);
    throw error;
  }
}
