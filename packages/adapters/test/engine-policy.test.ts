import { type ProposedAction, ProposedActionSchema, RetryableError } from '@agentcore/core';
import { McpClient } from '@agentcore/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnginePolicy } from '../src/index.js';

/** A real in-process MCP server with one read-only tool, named `lookup`. */
function directoryServer(): McpServer {
  const server = new McpServer({ name: 'directory', version: '1.0.0' });
  server.registerTool(
    'lookup',
    {
      description: 'Looks a person up.',
      inputSchema: { email: z.string() },
      annotations: { readOnlyHint: true, destructiveHint: false },
    },
    async () => ({ content: [{ type: 'text', text: 'found' }] }),
  );
  return server;
}

function action(tool: string): ProposedAction {
  return ProposedActionSchema.parse({
    requester: { userId: 'U_ALICE' },
    origin: { source: 'cli' },
    query: `run ${tool}`,
    summary: `Run ${tool}`,
    category: 'other',
    environment: 'dev',
    intendedTools: [tool],
    toolCalls: [{ tool, arguments: { email: 'bob@example.com' } }],
  });
}

let client: McpClient | undefined;

afterEach(async () => {
  await client?.close();
});

describe('EnginePolicy', () => {
  it('retries, rather than judges, a tool whose server could not be reached; then judges it', async () => {
    // Prepare: the `people` server is down at first; `directory` answers.
    let peopleUp = false;
    client = new McpClient({
      servers: [],
      builtins: {
        directory: directoryServer,
        people: () => {
          if (!peopleUp) throw new Error('connection refused');
          return directoryServer();
        },
      },
    });
    const policy = new EnginePolicy({ mcp: client, clock: () => new Date() });

    // Act
    const whileDown = await policy.decide(action('people__lookup')).catch((error) => error);
    const unaffected = await policy.decide(action('directory__lookup'));
    peopleUp = true;
    const onceUp = await policy.decide(action('people__lookup'));

    // Assess
    expect(whileDown).toBeInstanceOf(RetryableError);
    expect(whileDown.message).toContain('people__lookup');
    expect(unaffected.outcome).toBe('allow');
    expect(onceUp.outcome).toBe('allow');
  });
});
