import type { ToolCall, ToolCallOutcome } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  hasSealedOutput,
  returnsSecret,
  type SensitiveOutputVault,
  sealSensitiveOutputs,
  type ToolSession,
  WITHHELD_MARKER,
} from '../../src/index.js';

const CODE = '492039';

/** A session over two tools, the way the MCP adapter describes them. */
function session(outputs: Record<string, { text: string; isError?: boolean }>): ToolSession {
  return {
    listTools: async () => [
      { name: 'totp__get_totp_code', description: '', inputSchema: {}, sensitiveOutput: true },
      { name: 'gifs__search_gifs', description: '', inputSchema: {}, sensitiveOutput: false },
    ],
    call: async (call: ToolCall): Promise<ToolCallOutcome> => {
      const result = outputs[call.tool] ?? { text: 'no such tool', isError: true };
      return result.isError
        ? { ...call, ok: false, error: result.text }
        : { ...call, ok: true, output: result.text };
    },
    callTool: async (name) => {
      const result = outputs[name] ?? { text: 'no such tool', isError: true };
      return { text: result.text, isError: result.isError === true };
    },
    close: async () => undefined,
  };
}

class RecordingVault implements SensitiveOutputVault {
  readonly sealed: { requestId: string; recipient: string; tool: string; output: string }[] = [];
  async seal(input: { requestId: string; recipient: string; tool: string; output: string }) {
    this.sealed.push(input);
    return { digest: 'ab'.repeat(32) };
  }
}

const target = { requestId: '01JREQUEST0000000000000000', recipient: 'U_ALICE' };
const totp = { tool: 'totp__get_totp_code', arguments: { secret_name: 'demo' } };

describe('sealSensitiveOutputs', () => {
  it('seals a secret for the requester the moment the call returns, leaving its marker', async () => {
    const vault = new RecordingVault();
    const redacted: string[] = [];
    const sealed = sealSensitiveOutputs(
      session({ totp__get_totp_code: { text: `{"code":"${CODE}"}` } }),
      { vault, redact: (value) => redacted.push(value) },
      target,
    );

    const outcome = await sealed.call(totp);

    expect(outcome).toEqual({
      ...totp,
      ok: true,
      output: `[sensitive output: hmac-sha256 ${'ab'.repeat(32)}, delivered to U_ALICE]`,
    });
    expect(JSON.stringify(outcome)).not.toContain(CODE);
    expect(hasSealedOutput(outcome.output)).toBe(true);
    expect(vault.sealed).toEqual([
      { ...target, tool: 'totp__get_totp_code', output: `{"code":"${CODE}"}` },
    ]);
    expect(redacted).toEqual([`{"code":"${CODE}"}`, CODE]);
  });

  it('gives a model only the marker', async () => {
    const sealed = sealSensitiveOutputs(
      session({ totp__get_totp_code: { text: CODE } }),
      { vault: new RecordingVault() },
      target,
    );

    const result = await sealed.callTool('totp__get_totp_code', { secret_name: 'demo' });

    expect(result.text).not.toContain(CODE);
    expect(hasSealedOutput(result.text)).toBe(true);
  });

  it('withholds a secret from everyone when no sealing key is configured', async () => {
    const sealed = sealSensitiveOutputs(
      session({ totp__get_totp_code: { text: CODE } }),
      {},
      target,
    );

    expect((await sealed.call(totp)).output).toBe(WITHHELD_MARKER);
  });

  it('treats a tool the session cannot describe as sensitive', async () => {
    const vault = new RecordingVault();
    const sealed = sealSensitiveOutputs(
      session({ other__tool: { text: CODE } }),
      { vault },
      target,
    );

    const outcome = await sealed.call({ tool: 'other__tool', arguments: {} });

    expect(outcome.output).not.toContain(CODE);
    expect(vault.sealed).toHaveLength(1);
  });

  it('passes other tools’ outputs and a sensitive tool’s own failure through unchanged', async () => {
    const vault = new RecordingVault();
    const sealed = sealSensitiveOutputs(
      session({
        gifs__search_gifs: { text: 'cats' },
        totp__get_totp_code: { text: 'secret demo not found', isError: true },
      }),
      { vault },
      target,
    );

    const gifs = await sealed.call({ tool: 'gifs__search_gifs', arguments: { query: 'cats' } });
    const failed = await sealed.call(totp);

    expect(gifs.output).toBe('cats');
    expect(failed).toEqual({ ...totp, ok: false, error: 'secret demo not found' });
    expect(vault.sealed).toEqual([]);
  });

  it('tells planning which tools return secrets, counting an unknown tool as one', async () => {
    const tools = session({});

    expect(await returnsSecret(tools, 'totp__get_totp_code')).toBe(true);
    expect(await returnsSecret(tools, 'gifs__search_gifs')).toBe(false);
    expect(await returnsSecret(tools, 'other__tool')).toBe(true);
  });
});
