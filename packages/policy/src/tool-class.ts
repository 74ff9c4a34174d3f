import type { ApprovalCategory } from '@agentcore/core';
import type { TypeOfAttribute } from '@cedar-policy/cedar-wasm/nodejs';

/** What the engine knows about one tool after annotations and overrides are combined. */
export interface ToolClass {
  name: string;
  /** The MCP server alias (text before the first `__`), when the name has one. */
  server?: string;
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
  openWorld: boolean;
  /** Its result is a secret: no override can clear this, only the server's own metadata. */
  sensitiveOutput: boolean;
  category?: ApprovalCategory;
  /** The Cedar action groups the tool is a member of. */
  groups: readonly string[];
  /** The Cedar type of `context.arguments` for calls of this tool. */
  arguments: TypeOfAttribute<string>;
}
