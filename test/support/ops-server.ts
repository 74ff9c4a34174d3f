import { McpServer, type RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

/** How much the activity export returns: more than one DynamoDB item (400 KB) holds. */
export const EXPORT_BYTES = 1_048_576;

/**
 * A small operations MCP server for end-to-end tests: a read-only lookup and tools that change
 * things. It records every call it really runs, so tests can see what was executed.
 */
export class OpsServerFixture {
  readonly calls: { tool: string; args: Record<string, unknown> }[] = [];
  private readonly resetTools: RegisteredTool[] = [];

  /** The factory the MCP client calls to connect the server in-process. */
  readonly build = (): McpServer => {
    const server = new McpServer({ name: 'ops', version: '1.0.0' });
    const email = { email: z.string().email() };
    const output = { done: z.string() };
    const record = (tool: string) => async (args: Record<string, unknown>) => {
      this.calls.push({ tool, args });
      const done = `${tool} ${JSON.stringify(args)}`;
      return { content: [{ type: 'text' as const, text: done }], structuredContent: { done } };
    };
    server.registerTool(
      'lookup_user',
      {
        description: 'Look a user up',
        inputSchema: email,
        outputSchema: output,
        annotations: { readOnlyHint: true },
      },
      record('lookup_user'),
    );
    this.resetTools.push(
      server.registerTool(
        'reset_2fa',
        {
          description: 'Turn off 2-step verification for a user',
          inputSchema: email,
          outputSchema: output,
          annotations: { readOnlyHint: false, destructiveHint: true },
        },
        record('reset_2fa'),
      ),
    );
    server.registerTool(
      'export_activity',
      {
        description: "Export a user's sign-in activity (about 1 MB of text)",
        inputSchema: email,
        annotations: { readOnlyHint: true },
      },
      async (args: Record<string, unknown>) => {
        this.calls.push({ tool: 'export_activity', args });
        const text = `sign-in ${String(args.email)} ok\n`.repeat(40_000).slice(0, EXPORT_BYTES);
        return { content: [{ type: 'text' as const, text }] };
      },
    );
    for (const name of ['grant_admin', 'slow_decision', 'forbidden']) {
      server.registerTool(
        name,
        {
          description: `Fixture tool ${name}`,
          inputSchema: email,
          outputSchema: output,
          annotations: { readOnlyHint: false, destructiveHint: true },
        },
        record(name),
      );
    }
    return server;
  };

  /** Changes reset_2fa's description, as a server updated after approval would. */
  changeResetDescription(description: string): void {
    for (const tool of this.resetTools) tool.update({ description });
  }

  callsOf(tool: string, email: string) {
    return this.calls.filter((call) => call.tool === tool && call.args.email === email);
  }
}

/** Test policies on top of the defaults: a fast-expiring tool and a denied one. */
export const TEST_POLICIES = [
  {
    name: 'e2e.cedar',
    text: `@id("e2e.quick-expiry")
@outcome("require_approval")
@reason("decisions on this tool expire quickly")
@expiresIn("2s")
forbid (principal, action == Action::"ops__slow_decision", resource);

@id("e2e.never")
@outcome("deny")
@reason("nobody may run this")
forbid (principal, action == Action::"ops__forbidden", resource);
`,
  },
];
