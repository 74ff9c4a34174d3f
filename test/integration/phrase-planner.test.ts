import { generateKeyPairSync } from 'node:crypto';
import { phrasePlanner } from '@agentcore/adapters';
import { planFromWords } from '@agentcore/agent';
import { McpClient } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';

const ROLE = 'arn:aws:iam::123456789012:role/Developer';
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/Google';

/** Every built-in server configured; nothing is called, so no site or stand-in is needed. */
function serverEnv(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    AWS_REGION: 'eu-west-1',
    TOTP_SECRET_SOURCE: 'env',
    GIPHY_API_KEY: 'unit',
    JIRA_BASE_URL: 'http://127.0.0.1:9',
    JIRA_EMAIL: 'robot@example.com',
    JIRA_API_TOKEN: 'unit',
    GOOGLE_ADMIN_SUBJECT: 'admin@example.com',
    GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify({
      type: 'service_account',
      client_email: 'planner@sandbox.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }),
  };
}

let mcp: McpClient;
let tools: Map<string, Record<string, unknown>>;

beforeAll(async () => {
  mcp = new McpClient({ servers: [], builtins: builtinServers(serverEnv()) });
  const catalog = await mcp.listTools();
  tools = new Map(catalog.tools.map((tool) => [tool.name, tool.inputSchema]));
});

afterAll(async () => {
  await mcp.close();
});

describe('the phrase planner against the built-in servers', () => {
  it.each([
    'reset 2FA for bob@example.com',
    'suspend the Google user bob@example.com',
    'unsuspend bob@example.com',
    'get the Google user bob@example.com',
    'list Google users',
    'create a Google user carol@example.com named Carol Jones',
    'create user carol@example.com called Carol van Dyke in /Engineering',
    `Please grant alice@example.com the role ${ROLE} through ${PROVIDER}.`,
    `add AWS role ${ROLE} with provider ${PROVIDER} to alice@example.com`,
    `remove the AWS role ${ROLE} (${PROVIDER}) from alice@example.com`,
    'list the AWS roles of alice@example.com',
    'list Jira issues in LAUNCH',
    'list issues assigned to bob@example.com',
    'what is the project key for Launch',
    'create a Jira project Launch with key LAUNCH',
    'get the TOTP code for demo',
    'search GIFs for cats',
    'send me a random cat GIF',
    'random gif',
    'trending gifs',
  ])('plans "%s" as calls the tools accept', (query) => {
    // Act
    const plan = planFromWords(query, [...tools.keys()]);

    // Assess
    if ('notUnderstood' in plan) throw new Error(plan.notUnderstood);
    for (const call of plan.calls) {
      const schema = tools.get(call.tool);
      expect(schema, call.tool).toBeDefined();
      const parsed = z
        .fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0])
        .safeParse(call.arguments);
      expect(parsed.error?.issues ?? [], `${call.tool} ${JSON.stringify(call.arguments)}`).toEqual(
        [],
      );
    }
  });

  it('checks the calls against schemas that refuse what the tools refuse', () => {
    // Prepare
    const schemaOf = (tool: string) =>
      z.fromJSONSchema(tools.get(tool) as Parameters<typeof z.fromJSONSchema>[0]);

    // Act
    const noEmail = schemaOf('google_admin__reset_2fa').safeParse({});
    const badRole = schemaOf('google_admin__add_amazon_role').safeParse({
      user_key: 'alice@example.com',
      admin_role: 'Developer',
      identity_provider: PROVIDER,
    });
    const badKey = schemaOf('jira__create_project').safeParse({ name: 'Launch', key: 'launch' });

    // Assess
    expect([noEmail.success, badRole.success, badKey.success]).toEqual([false, false, false]);
  });

  it('proposes the exact calls, with their tools as the intended ones', async () => {
    // Act
    const proposal = await phrasePlanner(mcp).propose({
      query: 'reset 2FA for bob@example.com',
      requester: { userId: 'U_ALICE', groups: [] },
      origin: { source: 'cli' },
      environment: 'dev',
    });

    // Assess
    expect(proposal).toEqual({
      summary: 'Reset 2-Step Verification for bob@example.com',
      category: 'user_account_access',
      resource: 'bob@example.com',
      environment: 'dev',
      intendedTools: ['google_admin__reset_2fa'],
      toolCalls: [{ tool: 'google_admin__reset_2fa', arguments: { email: 'bob@example.com' } }],
    });
  });

  it('answers what it does not understand with an example of what it can', async () => {
    // Act
    const proposal = await phrasePlanner(mcp).propose({
      query: 'make it so',
      requester: { userId: 'U_ALICE', groups: [] },
      origin: { source: 'cli' },
      environment: 'dev',
    });

    // Assess
    expect(proposal).toEqual({
      notUnderstood: expect.stringContaining('reset 2FA for bob@example.com'),
    });
  });

  it("reads a meeting's day and time at the deployment's clock, in its time zone", async () => {
    // Prepare: 21:30 in New York on 30 November is already 1 December in UTC
    const now = new Date('2026-12-01T02:30:00.000Z');
    const words = {
      query: 'book a meeting with bob@example.com tomorrow at 10 for 30 minutes',
      requester: { userId: 'U_ALICE', groups: [] },
      origin: { source: 'cli' as const },
      environment: 'dev',
    };

    // Act
    const newYork = await phrasePlanner(mcp, {
      clock: () => now,
      timeZone: 'America/New_York',
    }).propose(words);
    const utc = await phrasePlanner(mcp, { clock: () => now }).propose(words);

    // Assess: "tomorrow at 10" is 1 December 10:00 in New York, 2 December 10:00 in UTC
    const startOf = (proposal: typeof newYork) =>
      'toolCalls' in proposal ? proposal.toolCalls?.[0]?.arguments.start : undefined;
    expect(startOf(newYork)).toBe('2026-12-01T10:00:00-05:00');
    expect(startOf(utc)).toBe('2026-12-02T10:00:00+00:00');
  });
});
