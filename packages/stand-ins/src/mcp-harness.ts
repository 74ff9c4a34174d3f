// Test support for our MCP servers' tests (a real client connected in memory, a describe block's
// harness lifecycle); a separate export path, so nothing of it reaches a Lambda bundle.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A real MCP client connected in memory to a server under test. */
export interface ConnectedClient {
  readonly client: Client;
  /** Calls a tool, with `meta` as the call's `_meta` when given; the result is schema-checked. */
  callTool(
    name: string,
    args?: Record<string, unknown>,
    meta?: Record<string, unknown>,
  ): Promise<CallToolResult>;
  close(): Promise<void>;
}

export async function connectInMemory(
  server: McpServer,
  clientName: string,
): Promise<ConnectedClient> {
  const client = new Client({ name: clientName, version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  // Listing first lets the client validate structured results against the output schemas.
  await client.listTools();
  return {
    client,
    callTool: async (name, args = {}, meta) =>
      CallToolResultSchema.parse(
        await client.callTool({
          name,
          arguments: args,
          ...(meta === undefined ? {} : { _meta: meta }),
        }),
      ),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/**
 * A harness for one describe block: started before its tests, reset after each, closed at the
 * end. Its fields are filled in when the block starts.
 */
export function useStarted<Harness extends { reset(): void; close(): Promise<void> }>(
  start: () => Promise<Harness>,
): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await start());
  });
  afterEach(() => {
    harness.reset();
  });
  afterAll(async () => {
    await harness.close();
  });
  return harness;
}

/** The text of a tool result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}
