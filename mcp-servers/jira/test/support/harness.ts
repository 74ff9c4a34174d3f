import { REQUESTER_META_KEY } from '@agentcore/mcp';
import { type JiraStandIn, type JiraStandInOptions, startJiraStandIn } from '@agentcore/stand-ins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { composeJiraServer } from '../../src/index.js';

export interface Connected {
  readonly client: Client;
  /** Calls a tool; `requesterEmail` travels in `_meta`, as the executor sends the requester. */
  call(
    name: string,
    args?: Record<string, unknown>,
    options?: { requesterEmail?: string },
  ): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * A Jira stand-in plus a way to connect a real MCP client to a Jira server pointed at it.
 * Backoff waits are recorded in `sleeps` instead of slept.
 */
export interface JiraHarness {
  readonly jira: JiraStandIn;
  readonly sleeps: number[];
  connect(env?: Readonly<Record<string, string>>): Promise<Connected>;
  /** Restores the seeded site, clears request logs, scripted failures and recorded sleeps. */
  reset(): void;
  close(): Promise<void>;
}

export async function startHarness(options: JiraStandInOptions = {}): Promise<JiraHarness> {
  const jira = await startJiraStandIn(options);
  const sleeps: number[] = [];
  const open: Connected[] = [];
  return {
    jira,
    sleeps,
    async connect(env = {}) {
      const server = composeJiraServer(
        {
          JIRA_BASE_URL: jira.url,
          JIRA_EMAIL: jira.email,
          JIRA_API_TOKEN: jira.apiToken,
          ...env,
        },
        {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
          random: () => 0,
        },
      );
      const client = new Client({ name: 'jira-test', version: '1.0.0' });
      const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
      await server.connect(serverTransport);
      await client.connect(clientTransport);
      // Listing first lets the client validate structured results against the output schemas.
      await client.listTools();
      const connected: Connected = {
        client,
        call: async (name, args = {}, callOptions = {}) =>
          CallToolResultSchema.parse(
            await client.callTool({
              name,
              arguments: args,
              ...(callOptions.requesterEmail
                ? {
                    _meta: {
                      [REQUESTER_META_KEY]: {
                        userId: 'U_REQUESTER',
                        email: callOptions.requesterEmail,
                        groups: [],
                      },
                    },
                  }
                : {}),
            }),
          ),
        close: async () => {
          await client.close();
          await server.close();
        },
      };
      open.push(connected);
      return connected;
    },
    reset() {
      jira.reset();
      sleeps.length = 0;
    },
    async close() {
      await Promise.all(open.splice(0).map((connected) => connected.close()));
      await jira.close();
    },
  };
}

/** The harness of one describe block: started before, reset after each test, closed at the end. */
export function useHarness(options?: JiraStandInOptions): JiraHarness {
  const harness = {} as JiraHarness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness(options));
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

/** Requests the stand-in received that could change it. */
export function writesOf(jira: JiraStandIn) {
  return jira.requests.filter((request) => request.method !== 'GET');
}
