import { generateKeyPairSync } from 'node:crypto';
import { planFromWords } from '@agentcore/agent';
import { McpClient } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY = JSON.stringify({
  type: 'service_account',
  client_email: 'planner@sandbox.iam.gserviceaccount.com',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});

describe('the built-in registry and the Google servers', () => {
  it('offers Calendar wherever a key is set, and Drive only when enabled', () => {
    // Act
    const none = Object.keys(builtinServers({}));
    const keyed = Object.keys(builtinServers({ GOOGLE_SERVICE_ACCOUNT_KEY: KEY }));
    const enabled = Object.keys(
      builtinServers({ GOOGLE_SERVICE_ACCOUNT_KEY: KEY, GOOGLE_DRIVE_ENABLED: 'true' }),
    );
    const enabledWithoutKey = Object.keys(builtinServers({ GOOGLE_DRIVE_ENABLED: 'true' }));

    // Assess
    expect(none).not.toContain('google_calendar');
    expect(keyed).toContain('google_calendar');
    expect(keyed).not.toContain('google_drive');
    expect(enabled).toEqual(expect.arrayContaining(['google_calendar', 'google_drive']));
    expect(enabledWithoutKey).not.toContain('google_drive');
  });
});

describe('the phrase planner against the Calendar server', () => {
  let mcp: McpClient;
  let tools: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    mcp = new McpClient({
      servers: [],
      builtins: builtinServers({ AWS_REGION: 'eu-west-1', GOOGLE_SERVICE_ACCOUNT_KEY: KEY }),
    });
    const catalog = await mcp.listTools();
    tools = new Map(catalog.tools.map((tool) => [tool.name, tool.inputSchema]));
  });

  afterAll(async () => {
    await mcp.close();
  });

  it.each([
    ['book a meeting with bob@example.com tomorrow at 10 for 30 minutes', 'UTC'],
    ['schedule a video call with bob@example.com and carol@example.com on Friday 2-3pm', 'UTC'],
    ['book a 1:1 with bob@example.com tomorrow at 9:30', 'Europe/Berlin'],
    ['book a meeting with bob@example.com tomorrow at 10', 'America/New_York'],
    ["what's bob@example.com's free/busy tomorrow", 'Asia/Kolkata'],
    ['list my calendars', 'UTC'],
  ])('plans "%s" (%s) as calls the tools accept', (query, timeZone) => {
    // Act
    const plan = planFromWords(query, [...tools.keys()], {
      now: new Date('2026-11-30T09:00:00Z'),
      timeZone,
    });

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
});
