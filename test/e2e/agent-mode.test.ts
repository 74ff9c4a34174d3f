import { createBedrockModelProvider, createBedrockRuntimeClient } from '@agentcore/agent';
import { type BedrockStandIn, bedrockTurns, startBedrockStandIn } from '@agentcore/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

let bedrock: BedrockStandIn;
let system: LocalSystem;

beforeAll(async () => {
  bedrock = await startBedrockStandIn();
  const client = createBedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: bedrock.url,
    overrides: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
  });
  const model = createBedrockModelProvider({
    client,
    modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
  });
  system = await startLocalSystem({ model });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await bedrock?.close();
});

function proposal(email: string) {
  return bedrockTurns.toolUse({
    name: 'submit_proposed_action',
    input: {
      summary: `Turn off 2-step verification for ${email}`,
      category: 'user_account_access',
      resource: email,
      intendedTools: ['ops__reset_2fa'],
    },
  });
}

async function ask(query: string) {
  const submitted = await system.hitl('run', '--query', query, '--json');
  expect(submitted.code, submitted.stderr).toBe(0);
  return requestIdOf(submitted.stdout);
}

describe('natural-language requests with a model (Bedrock Converse stand-in)', () => {
  it('plans the request, waits for approval, and lets the agent run the approved tool', async () => {
    // Prepare
    const email = `agent-${Date.now()}@example.com`;
    bedrock.script([
      proposal(email),
      bedrockTurns.toolUse({ name: 'ops__reset_2fa', input: { email } }),
      bedrockTurns.text(`2-step verification is now off for ${email}.`),
    ]);

    // Act
    const requestId = await ask(`reset 2FA for ${email}`);
    const pending = await system.waitFor(requestId, 'pending');
    await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const done = await system.runtime.stores.approvals.get(requestId);

    // Assess
    expect(pending.action.summary).toBe(`Turn off 2-step verification for ${email}`);
    expect(pending.intendedTools).toEqual(['ops__reset_2fa']);
    expect(pending.policy?.outcome).toBe('require_approval');
    expect(done?.status).toBe('completed');
    expect(done?.result?.output).toBe(`2-step verification is now off for ${email}.`);
    expect(system.ops.callsOf('reset_2fa', email)).toHaveLength(1);
    const lastBody = bedrock.requests.at(-1)?.body as {
      toolConfig: { tools: { toolSpec: { name: string } }[] };
    };
    const executionTools = lastBody.toolConfig.tools.map((tool) => tool.toolSpec.name);
    expect(executionTools).toEqual(['ops__reset_2fa']);
  });

  it('fails the run when the model calls a tool the approval did not cover, and audits it', async () => {
    // Prepare
    const email = `rogue-${Date.now()}@example.com`;
    bedrock.script([
      proposal(email),
      bedrockTurns.toolUse({ name: 'ops__grant_admin', input: { email } }),
      bedrockTurns.text('should never be asked for'),
    ]);

    // Act
    const requestId = await ask(`reset 2FA for ${email}`);
    await system.waitFor(requestId, 'pending');
    await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const item = await system.runtime.stores.approvals.get(requestId);
    const audit = await system.runtime.stores.audit.list(requestId);
    bedrock.reset();

    // Assess
    expect(item?.status).toBe('failed');
    expect(item?.result?.error?.code).toBe('tool_not_allowed');
    expect(system.ops.callsOf('grant_admin', email)).toEqual([]);
    expect(audit.some((event) => event.type === 'mcp.tool_call_blocked')).toBe(true);
  });
});
