import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

// Values planted where the system handles secrets: a TOTP seed (and the codes it yields), the
// GIF providers' API keys, and the task tokens the workflow waits on. None may reach a log line.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const totpSecret = Array.from(randomBytes(32), (byte) => BASE32[byte % 32]).join('');
const giphyKey = `giphy-${randomBytes(12).toString('hex')}`;
const tenorKey = `tenor-${randomBytes(12).toString('hex')}`;

let system: LocalSystem;
const lines: string[] = [];

beforeAll(async () => {
  system = await startLocalSystem({
    log: (line) => lines.push(line),
    env: { TOTP_SECRET_PLANTED: totpSecret, GIPHY_API_KEY: giphyKey, TENOR_API_KEY: tenorKey },
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

async function run(tool: string, args: Record<string, unknown>): Promise<string> {
  const result = await system.hitl('run', '--tool', tool, '--args', JSON.stringify(args), '--json');
  expect(result.code, result.stderr).toBe(0);
  return requestIdOf(result.stdout);
}

describe('the logs of an end-to-end run', () => {
  it('correlate every step by request, and hold no secret, code or token', async () => {
    // Prepare: a TOTP code, a GIF search, and a request that waits for approval.
    const totp = await run('totp__get_totp_code', { secret_name: 'planted' });
    const gifs = await run('gifs__search_gifs', { query: 'cat' });
    const approval = await run('ops__reset_2fa', { email: `logs-${Date.now()}@example.com` });
    const pending = await system.waitFor(approval, 'pending');
    // A TOTP code needs approval too; it then reaches its requester alone, through `secret`.
    await system.waitFor(totp, 'pending');
    for (const requestId of [approval, totp]) {
      const approve = await system.hitl('approve', requestId, '--as', 'approver');
      expect(approve.code, approve.stderr).toBe(0);
    }
    for (const requestId of [totp, gifs, approval]) await system.runtime.settled(requestId);
    const codeRun = await system.runtime.stores.approvals.get(totp);
    const secret = await system.hitl('secret', totp);
    expect(secret.code, secret.stderr).toBe(0);
    const code = /\b\d{6,8}\b/.exec(secret.stdout)?.[0];

    // Act
    const text = lines.join('\n');
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);

    // Assess: the run was logged, step by step, under each request's id.
    expect(codeRun?.status).toBe('completed');
    expect(code).toBeDefined();
    for (const requestId of [totp, gifs, approval]) {
      const steps = parsed.filter((line) => line.requestId === requestId).map((line) => line.step);
      expect(steps, requestId).toEqual(
        expect.arrayContaining(['plan', 'evaluate_policy', 'execute', 'notify']),
      );
    }
    // …and nothing secret is in it.
    const planted = {
      totpSecret,
      code: code as string,
      giphyKey,
      tenorKey,
      taskToken: pending.taskToken as string,
    };
    for (const [name, value] of Object.entries(planted)) {
      expect(value.length, name).toBeGreaterThan(5);
      expect(text.includes(value), `${name} appears in the logs`).toBe(false);
    }
  });
});
