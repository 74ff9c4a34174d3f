import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { buildServer, type TotpServerDeps } from '../../src/index.js';

export interface Connected {
  readonly client: Client;
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** A real MCP client talking to a freshly built TOTP server over an in-memory transport. */
export async function connect(deps: TotpServerDeps): Promise<Connected> {
  const server = buildServer(deps);
  const client = new Client({ name: 'totp-test', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  // Listing first lets the client validate structured results against the output schemas.
  await client.listTools();
  return {
    client,
    call: async (name, args) => {
      return CallToolResultSchema.parse(await client.callTool({ name, arguments: args }));
    },
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}
