import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem();
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('every call is evidence (local runtime, DynamoDB Local)', () => {
  it('stores a run whose tool returned 1 MB, with a truncation marker, and audits the call', async () => {
    // Prepare
    const email = `export-${Date.now()}@example.com`;

    // Act
    const submitted = await system.submit({
      toolCalls: [{ tool: 'ops__export_activity', arguments: { email } }],
    });
    const requestId = String(submitted.body.requestId);
    const done = await system.waitFor(requestId, 'completed');
    const audit = await system.runtime.stores.audit.list(requestId);

    // Assess
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect(system.ops.calls.filter((call) => call.tool === 'export_activity')).toHaveLength(1);
    const [call] = done.result?.toolCalls ?? [];
    expect(call).toMatchObject({ tool: 'ops__export_activity', ok: true });
    expect(call?.output).toMatch(/truncated/);
    expect(call?.output?.startsWith(`sign-in ${email} ok`)).toBe(true);
    expect(new TextEncoder().encode(JSON.stringify(done)).length).toBeLessThan(400_000);
    const finished = audit.find((event) => event.type === 'tool_call.finished');
    expect(audit.find((event) => event.type === 'tool_call.started')?.data).toMatchObject({
      tool: 'ops__export_activity',
      argumentsDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(finished?.data).toMatchObject({
      tool: 'ops__export_activity',
      ok: true,
      durationMs: expect.any(Number),
      outputBytes: expect.any(Number),
    });
    expect(JSON.stringify(audit)).not.toContain(email);
  });
});
