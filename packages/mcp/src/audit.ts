import * as z from 'zod';

const IsoTimeSchema = z.iso.datetime({ offset: true });

/** The codes under which a call can be blocked by the gate. */
export const BlockedCallCodeSchema = z.enum([
  'tool_not_allowed',
  'tool_disabled',
  'tool_not_pinned',
  'tool_definition_changed',
  'unknown_tool',
]);
export type BlockedCallCode = z.infer<typeof BlockedCallCodeSchema>;

/** What the MCP layer reports for the audit trail. */
export const McpAuditEventSchema = z.discriminatedUnion('type', [
  z.object({
    /** A session refused a call: outside the allowlist, disabled, unpinned, changed or unknown. */
    type: z.literal('mcp.tool_call_blocked'),
    at: IsoTimeSchema,
    requestId: z.string().min(1).optional(),
    /** The requester's user id, or `system` when the session has none. */
    actor: z.string().min(1),
    /** The tool as requested, clipped to 200 characters (it may come from a model). */
    tool: z.string().max(200),
    code: BlockedCallCodeSchema,
    reason: z.string(),
  }),
  z.object({
    /** A server could not be started or reached; it was skipped. */
    type: z.literal('mcp.server_unavailable'),
    at: IsoTimeSchema,
    requestId: z.string().min(1).optional(),
    actor: z.string().min(1),
    alias: z.string().min(1),
    reason: z.string(),
  }),
]);
export type McpAuditEvent = z.infer<typeof McpAuditEventSchema>;

/** Receives audit events; the store's adapter persists them. */
export interface AuditSink {
  record(event: McpAuditEvent): Promise<void>;
}

/** Keeps events in memory: for tests and the local runtime's inspection. */
export class InMemoryAuditSink implements AuditSink {
  readonly #events: McpAuditEvent[] = [];

  async record(event: McpAuditEvent): Promise<void> {
    this.#events.push(McpAuditEventSchema.parse(event));
  }

  /** A copy of the events recorded so far, oldest first. */
  get events(): McpAuditEvent[] {
    return [...this.#events];
  }
}
