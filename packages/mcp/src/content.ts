import type { QualifiedToolName } from '@agentcore/core';
import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';

/** A tool's answer as the agent and the stored outcome see it. */
export interface ToolCallResult {
  tool: QualifiedToolName;
  /** The tool reported failure itself (`isError`); the server and the call worked. */
  isError: boolean;
  /** Text of the content blocks, at most the client's `maxResultChars` long. */
  text: string;
  /** `text` was cut, or `structuredContent` was dropped for size. */
  truncated: boolean;
  /** The tool's structured output, when it fits in `maxResultChars` as JSON. */
  structuredContent?: Record<string, unknown>;
}

/**
 * Plain text of MCP content blocks, one block per line. Binary blocks are described, not
 * inlined: their base64 would only burn the model's context.
 */
export function contentToText(blocks: readonly ContentBlock[]): string {
  return blocks.map(blockToText).join('\n');
}

function blockToText(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
    case 'audio':
      return `[${block.type}: ${block.mimeType}, ${base64Bytes(block.data)} bytes]`;
    case 'resource_link':
      return `[resource: ${block.name} <${block.uri}>]`;
    case 'resource': {
      const resource = block.resource;
      if ('text' in resource && typeof resource.text === 'string') return resource.text;
      return `[resource: <${resource.uri}>${resource.mimeType ? ` ${resource.mimeType}` : ''}]`;
    }
  }
}

function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

/**
 * Cuts `text` to at most `maxChars` characters including an explicit marker saying how much was
 * kept, so neither the model nor a reader mistakes a cut result for a whole one.
 */
export function capText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  // The marker for `total` is at least as long as the one for any smaller `kept`.
  let kept = Math.max(0, maxChars - truncationMarker(text.length, text.length).length);
  // Never split a surrogate pair.
  const last = text.charCodeAt(kept - 1);
  if (kept > 0 && last >= 0xd800 && last <= 0xdbff) kept -= 1;
  return { text: text.slice(0, kept) + truncationMarker(kept, text.length), truncated: true };
}

function truncationMarker(kept: number, total: number): string {
  return `\n[truncated: showing ${kept} of ${total} characters]`;
}

/** Turns a `tools/call` result into a size-capped ToolCallResult. */
export function toToolCallResult(
  tool: QualifiedToolName,
  result: CallToolResult,
  maxChars: number,
): ToolCallResult {
  const structured = result.structuredContent;
  const structuredJson = structured ? JSON.stringify(structured) : undefined;
  const structuredFits = structuredJson !== undefined && structuredJson.length <= maxChars;
  const raw = result.content.length > 0 ? contentToText(result.content) : (structuredJson ?? '');
  const { text, truncated } = capText(raw, maxChars);
  return {
    tool,
    isError: result.isError === true,
    text,
    truncated: truncated || (structuredJson !== undefined && !structuredFits),
    ...(structured && structuredFits ? { structuredContent: structured } : {}),
  };
}
