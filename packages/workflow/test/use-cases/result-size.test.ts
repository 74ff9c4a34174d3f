import { createHash } from 'node:crypto';
import { type ExecutionResult, LIMITS } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { boundResult, truncateText } from '../../src/use-cases/result-size.js';

const bytes = (text: string) => new TextEncoder().encode(text).length;

function result(output: string, outputs: string[]): ExecutionResult {
  return {
    outcome: 'completed',
    output,
    toolCalls: outputs.map((text) => ({
      tool: 'ops__export',
      arguments: {},
      ok: true,
      output: text,
    })),
    startedAt: '2030-01-01T00:00:00.000Z',
    finishedAt: '2030-01-01T00:00:00.000Z',
  };
}

describe('truncateText', () => {
  it('leaves a text that fits as it is', () => {
    expect(truncateText('short', 5)).toBe('short');
  });

  it('cuts to the byte budget, never inside a character, naming the whole size and digest', () => {
    // Prepare
    const text = `a${'€'.repeat(1_000)}`;
    const digest = createHash('sha256').update(text).digest('hex');

    // Act
    const cut = truncateText(text, 200);

    // Assess
    expect(bytes(cut)).toBeLessThanOrEqual(200);
    expect(cut).toMatch(new RegExp(`^a€+…\\[truncated: 3001 bytes, sha256 ${digest}\\]$`));
    expect(cut).not.toContain('\uFFFD');
  });
});

describe('boundResult', () => {
  it('changes nothing when the outputs fit the budget', () => {
    const small = result('ok', ['a', 'b']);
    expect(boundResult(small, 1_000)).toEqual(small);
  });

  it('lets short outputs keep everything and shares the rest among the long ones', () => {
    // Act
    const bounded = boundResult(
      result('ok', ['x'.repeat(5_000), 'tiny', 'y'.repeat(5_000)]),
      3_000,
    );

    // Assess
    const [long, tiny, other] = bounded.toolCalls.map((call) => call.output ?? '');
    expect(bounded.output).toBe('ok');
    expect(tiny).toBe('tiny');
    expect(bytes(long ?? '')).toBeLessThanOrEqual(1_497);
    expect(bytes(other ?? '')).toBeLessThanOrEqual(1_497);
    expect(long).toContain('[truncated: 5000 bytes');
  });

  it('keeps every output within the stored schema limit, whatever the budget', () => {
    const bounded = boundResult(result('z'.repeat(LIMITS.output * 3), []), 10_000_000);
    expect(bounded.output.length).toBeLessThanOrEqual(LIMITS.output);
    expect(bounded.output).toContain(`[truncated: ${LIMITS.output * 3} bytes`);
  });

  it('leaves a failed call without output as it is', () => {
    const failed: ExecutionResult = {
      ...result('', []),
      toolCalls: [{ tool: 'ops__export', arguments: {}, ok: false, error: 'no' }],
    };
    expect(boundResult(failed, 10).toolCalls).toEqual(failed.toolCalls);
  });
});
