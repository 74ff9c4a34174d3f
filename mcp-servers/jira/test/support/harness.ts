import { REQUESTER_META_KEY } from '@agentcore/mcp';
import { type JiraStandIn, type JiraStandInOptions, startJiraStandIn } from '@agentcore/stand-ins';
import {
  type ConnectedClient,
  connectInMemory,
  useStarted,
} from '@agentcore/stand-ins/mcp-harness';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { composeJiraServer } from '../../src/index.js';

export { textOf } from '@agentcore/stand-ins/mcp-harness';

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
  const open: ConnectedClient[] = [];
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
      const connected = await connectInMemory(server, 'jira-test');
      open.push(connected);
      return {
        client: connected.client,
        call: (name, args = {}, callOptions = {}) =>
          connected.callTool(
            name,
            args,
            callOptions.requesterEmail
              ? {
                  [REQUESTER_META_KEY]: {
                    userId: 'U_REQUESTER',
                    email: callOptions.requesterEmail,
                    groups: [],
                  },
                }
              : undefined,
          ),
        close: () => connected.close(),
      };
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
  return useStarted(() => startHarness(options));
}

/** Requests the stand-in received that could change it. */
export function writesOf(jira: JiraStandIn) {
  return jira.requests.filter((request) => request.method !== 'GET');
}
