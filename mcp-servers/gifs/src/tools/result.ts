import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { GifError } from '../errors.js';

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

/** Runs a tool body, turning expected GifErrors into tool errors the model can read. */
export async function runTool(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof GifError) return toolError(error.message);
    throw error;
  }
}

/** GIF tools only read from public services: safe to repeat, nothing to undo. */
export const READ_ONLY_OPEN_WORLD = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;
