import { createBedrockModelProvider, createBedrockRuntimeClient } from '@agentcore/agent';
import { approvedDigestOf } from '@agentcore/core';
import { type BedrockStandIn, bedrockTurns, startBedrockStandIn } from '@agentcore/stand-ins';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

afterEach(() => {
  bedrock.reset();
});

afterAll(async () => {
  await system?.stop();
  await bedrock?.close();
});

/** The model's plan: turn off 2FA for `email`, as exact calls unless `calls` is false. */
function proposal(email: string, calls = true) {
  return bedrockTurns.toolUse({
    name: 'submit_proposed_action',
    input: {
      summary: `Turn off 2-step verification for ${email}`,
      category: 'user_account_access',
      resource: email,
      intendedTools: ['ops__reset_2fa'],
      ...(calls
        ? {
            toolCalls: [
              {
                tool: 'ops__reset_2fa',
                arguments: { email },
                description: `Turn off 2-step verification for ${email}`,
              },
            ],
          }
        : {}),
    },
  });
}

async function ask(query: string) {
  const submitted = await system.hitl('run', '--query', query, '--json');
  expect(submitted.code, submitted.stderr).toBe(0);
  return requestIdOf(submitted.stdout);
}

describe('natural-language requests with a model (Bedrock Converse stand-in)', () => {
  it('plans exact calls, binds the approval to them, and runs exactly those without the model', async () => {
    // Prepare: the model would, if asked again, reset someone else
    const email = `agent-${Date.now()}@example.com`;
    const other = `other-${Date.now()}@example.com`;
    bedrock.script([
      proposal(email),
      bedrockTurns.toolUse({ name: 'ops__reset_2fa', input: { email: other } }),
      bedrockTurns.text(`2-step verification is now off for ${other}.`),
    ]);

    // Act
    const requestId = await ask(`reset 2FA for ${email}`);
    const pending = await system.waitFor(requestId, 'pending');
    await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const done = await system.runtime.stores.approvals.get(requestId);
    const audit = await system.runtime.stores.audit.list(requestId);

    // Assess
    expect(pending.action.toolCalls).toEqual([
      {
        tool: 'ops__reset_2fa',
        arguments: { email },
        description: `Turn off 2-step verification for ${email}`,
      },
    ]);
    expect(pending.policy?.outcome).toBe('require_approval');
    expect(done?.status).toBe('completed');
    expect(done?.approvedDigest).toBe(approvedDigestOf(pending));
    expect(audit.find((event) => event.type === 'request.decided')?.data.approvedDigest).toBe(
      done?.approvedDigest,
    );
    expect(system.ops.callsOf('reset_2fa', email)).toHaveLength(1);
    expect(system.ops.callsOf('reset_2fa', other)).toEqual([]);
    // Planning was the model's only turn: nothing asked it anything at execution.
    expect(bedrock.requests).toHaveLength(1);
    expect(done?.result?.toolCalls).toEqual([
      expect.objectContaining({ tool: 'ops__reset_2fa', arguments: { email }, ok: true }),
    ]);
    expect(audit.filter((event) => event.type.startsWith('tool_call.')).map((e) => e.type)).toEqual(
      ['tool_call.started', 'tool_call.finished'],
    );
  });

  it('ends a plan that names tools but no exact calls before anyone approves; nothing runs', async () => {
    // Prepare: the old agent mode's plan, and a model ready to act on another user
    const email = `vague-${Date.now()}@example.com`;
    const other = `victim-${Date.now()}@example.com`;
    bedrock.script([
      proposal(email, false),
      bedrockTurns.toolUse({ name: 'ops__reset_2fa', input: { email: other } }),
      bedrockTurns.text('done'),
    ]);

    // Act
    const requestId = await ask(`reset 2FA for ${email}`);
    const failed = await system.waitFor(requestId, 'failed');

    // Assess
    expect(failed.statusReason).toContain('could not be turned into exact tool calls');
    expect(failed.policy).toBeUndefined();
    expect(failed.votes).toEqual([]);
    expect(system.ops.callsOf('reset_2fa', other)).toEqual([]);
    expect(system.ops.callsOf('reset_2fa', email)).toEqual([]);
  });

  it('looks a user up while planning (read-only, allowed outright, audited), then proposes', async () => {
    // Prepare
    const email = `lookup-${Date.now()}@example.com`;
    bedrock.script([
      bedrockTurns.toolUse({ name: 'ops__lookup_user', input: { email } }),
      proposal(email),
    ]);

    // Act
    const requestId = await ask(`reset 2FA for the user ${email}`);
    const pending = await system.waitFor(requestId, 'pending');
    const audit = await system.runtime.stores.audit.list(requestId);
    await system.hitl('reject', requestId, '--as', 'approver', '--comment', 'not today');

    // Assess
    expect(system.ops.callsOf('lookup_user', email)).toHaveLength(1);
    expect(system.ops.callsOf('reset_2fa', email)).toEqual([]);
    expect(pending.action.toolCalls?.map((call) => call.tool)).toEqual(['ops__reset_2fa']);
    expect(audit.map((event) => [event.type, event.data.tool])).toEqual(
      expect.arrayContaining([
        ['lookup_call.started', 'ops__lookup_user'],
        ['lookup_call.finished', 'ops__lookup_user'],
      ]),
    );
    expect(JSON.stringify(bedrock.requests[1]?.body)).toContain(
      `lookup_user {\\"email\\":\\"${email}\\"}`,
    );
  });

  it('goes back to planning when a step needs the results of another, and the next calls need an approval of their own', async () => {
    // Prepare: the model first grants admin, and says it will reset 2FA once that is done
    const email = `steps-${Date.now()}@example.com`;
    bedrock.script([
      bedrockTurns.toolUse({
        name: 'submit_proposed_action',
        input: {
          summary: `Make ${email} an admin`,
          category: 'user_account_access',
          intendedTools: ['ops__grant_admin'],
          toolCalls: [{ tool: 'ops__grant_admin', arguments: { email } }],
          nextStep: `reset 2FA for ${email} once the grant is confirmed`,
        },
      }),
      proposal(email),
    ]);

    // Act
    const requestId = await ask(`make ${email} an admin, then reset their 2FA`);
    const firstPending = await system.waitFor(requestId, 'pending');
    await system.hitl('approve', requestId, '--as', 'approver');
    const secondPending = await system.until(
      () => system.runtime.stores.approvals.get(requestId),
      (item) => item?.status === 'pending' && item.step === 2,
      'the second step waiting for approval',
    );
    const granted = system.ops.callsOf('grant_admin', email).length;
    const resetBeforeSecondApproval = system.ops.callsOf('reset_2fa', email).length;
    const shown = await system.hitl('status', requestId, '--json');
    await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const done = await system.runtime.stores.approvals.get(requestId);
    const audit = await system.runtime.stores.audit.list(requestId);

    // Assess: each step was approved on its own, and ran exactly its calls
    expect(firstPending).toMatchObject({ step: 1, action: { nextStep: expect.any(String) } });
    expect(granted).toBe(1);
    expect(resetBeforeSecondApproval).toBe(0);
    expect(secondPending?.action.toolCalls).toEqual([
      expect.objectContaining({ tool: 'ops__reset_2fa', arguments: { email } }),
    ]);
    expect(secondPending?.approvedDigest).toBeUndefined();
    expect(JSON.parse(shown.stdout).request).toMatchObject({
      step: 2,
      earlierSteps: [
        {
          step: 1,
          approvedBy: 'U_APPROVER',
          outcome: 'completed',
          toolCalls: [{ tool: 'ops__grant_admin', arguments: { email }, ok: true }],
        },
      ],
    });
    // The planner of step 2 was shown what step 1 returned
    expect(JSON.stringify(bedrock.requests[1]?.body)).toContain(
      `grant_admin {\\"email\\":\\"${email}\\"}`,
    );
    expect(done).toMatchObject({ status: 'completed', step: 2 });
    expect(system.ops.callsOf('reset_2fa', email)).toHaveLength(1);
    expect(system.ops.callsOf('grant_admin', email)).toHaveLength(1);
    expect(
      audit
        .filter((event) => ['request.decided', 'request.step_started'].includes(event.type))
        .map((event) => event.type),
    ).toEqual(['request.decided', 'request.step_started', 'request.decided']);
    expect(await system.runtime.stores.audit.verify(requestId)).toMatchObject({ ok: true });
  });
});
