import type { QualifiedToolName } from '@agentcore/core';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { displayToolName, qualifyToolName } from './naming.js';
import { type ToolPin, toolPin } from './pinning.js';

/**
 * The tool `_meta` key by which a server says a tool's result is a secret (a one-time code, a
 * password): policy asks for approval per call, and the result reaches the requester alone.
 */
export const SENSITIVE_OUTPUT_META = 'agentcore/sensitive-output';

/** Hints a server gives about a tool; the policy engine reads them. */
export interface McpToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
  /** From `_meta[SENSITIVE_OUTPUT_META]`: the result is a secret. Pinned with the other hints. */
  sensitiveOutputHint?: boolean;
}

/** A tool as the client offers it. */
export interface McpTool {
  /** Wire name `alias__tool`, valid for Bedrock. */
  name: QualifiedToolName;
  /** `alias/tool`, for people. */
  displayName: string;
  alias: string;
  /** The server's own name for the tool. */
  toolName: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations: McpToolAnnotations;
  /** Hash of name, description and input schema; recorded at approval, checked at execution. */
  pin: ToolPin;
}

/** A tool left out of the catalog because it has no usable, unambiguous wire name. */
export interface CatalogProblem {
  alias: string;
  toolName: string;
  code: 'name_collision' | 'name_invalid';
  message: string;
}

/** One server's usable tools. */
export interface ToolIndex {
  tools: readonly McpTool[];
  byName: ReadonlyMap<QualifiedToolName, McpTool>;
  problems: readonly CatalogProblem[];
}

/**
 * Indexes a server's listed tools by wire name. Disabled tools are left out. When two tools map
 * to one wire name (a server listing a name twice, or a name equal to another's hashed form),
 * all of them are left out and reported: picking one would depend on listing order, and a call
 * could reach a tool other than the one that was approved.
 */
export function buildToolIndex(
  alias: string,
  listed: readonly Tool[],
  isDisabled: (name: QualifiedToolName) => boolean,
): ToolIndex {
  const groups = new Map<QualifiedToolName, Tool[]>();
  const problems: CatalogProblem[] = [];
  for (const tool of listed) {
    if (tool.name === '') {
      problems.push({
        alias,
        toolName: '',
        code: 'name_invalid',
        message: 'a tool has an empty name',
      });
      continue;
    }
    const name = qualifyToolName(alias, tool.name);
    if (isDisabled(name)) continue;
    groups.set(name, [...(groups.get(name) ?? []), tool]);
  }
  const tools: McpTool[] = [];
  for (const [name, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [tool] = group;
    if (tool && group.length === 1) {
      tools.push(toMcpTool(alias, name, tool));
      continue;
    }
    for (const clash of group) {
      problems.push({
        alias,
        toolName: clash.name,
        code: 'name_collision',
        message: `tools ${group.map((t) => `'${t.name}'`).join(', ')} of server '${alias}' all map to ${name}; none is offered`,
      });
    }
  }
  return { tools, byName: new Map(tools.map((tool) => [tool.name, tool])), problems };
}

function toMcpTool(alias: string, name: QualifiedToolName, tool: Tool): McpTool {
  const annotations: McpToolAnnotations = {};
  const source = tool.annotations;
  if (source?.title !== undefined) annotations.title = source.title;
  if (source?.readOnlyHint !== undefined) annotations.readOnlyHint = source.readOnlyHint;
  if (source?.destructiveHint !== undefined) annotations.destructiveHint = source.destructiveHint;
  if (source?.idempotentHint !== undefined) annotations.idempotentHint = source.idempotentHint;
  if (source?.openWorldHint !== undefined) annotations.openWorldHint = source.openWorldHint;
  if (tool._meta?.[SENSITIVE_OUTPUT_META] === true) annotations.sensitiveOutputHint = true;
  return {
    name,
    displayName: displayToolName(alias, tool.name),
    alias,
    toolName: tool.name,
    ...(tool.title !== undefined ? { title: tool.title } : {}),
    description: tool.description ?? '',
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema !== undefined ? { outputSchema: tool.outputSchema } : {}),
    annotations,
    pin: toolPin({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations,
    }),
  };
}
