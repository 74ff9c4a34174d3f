import { describe, expect, it } from 'vitest';
import { stateMachineDefinition, TRANSIENT_ERRORS, taskFunctions } from '../src/index.js';

const definition = stateMachineDefinition({
  functions: { steps: 'arn:steps', execute: 'arn:execute', notifier: 'arn:notifier' },
  executionTimeoutSeconds: 14_400,
});
const states = definition.States;

function successors(state: Record<string, unknown>): string[] {
  const next = [state.Next, state.Default].filter(
    (value): value is string => typeof value === 'string',
  );
  for (const key of ['Choices', 'Catch'] as const) {
    for (const branch of (state[key] as { Next: string }[] | undefined) ?? [])
      next.push(branch.Next);
  }
  return next;
}

describe('the HITL state machine definition', () => {
  it('points only at states that exist, and reaches every state from the start', () => {
    // Act
    const seen = new Set<string>();
    const queue = [definition.StartAt];
    while (queue.length > 0) {
      const name = queue.shift() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      const state = states[name];
      expect(state, `state ${name}`).toBeDefined();
      queue.push(...successors(state as Record<string, unknown>));
    }

    // Assess
    expect([...seen].sort()).toEqual(Object.keys(states).sort());
  });

  it('ends every path in a terminal state', () => {
    for (const [name, state] of Object.entries(states)) {
      const terminal = state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true;
      expect(terminal || successors(state).length > 0, name).toBe(true);
    }
  });

  it('gives every task an explicit timeout, retries on transient errors, and a catch', () => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
      expect((state.Retry as { ErrorEquals: string[] }[])[0]?.ErrorEquals, name).toEqual([
        ...TRANSIENT_ERRORS,
      ]);
      expect((state.Catch as unknown[]).length, name).toBeGreaterThan(0);
    }
  });

  it('waits for approval on a task token, expiring after the policy timeout', () => {
    const wait = states.RequestApproval as Record<string, unknown>;
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(wait.TimeoutSecondsPath).toBe('$.decision.approvalTimeoutSeconds');
    expect((wait.Catch as { ErrorEquals: string[]; Next: string }[])[0]).toMatchObject({
      ErrorEquals: ['States.Timeout'],
      Next: 'MarkExpired',
    });
  });

  it('never executes on an unknown policy outcome or anything but an approval', () => {
    expect((states.RouteByPolicy as { Default: string }).Default).toBe('UnknownOutcome');
    expect((states.RouteByDecision as { Default: string }).Default).toBe('Notify');
  });

  it("sends every step the execution's own id, which the step checks against the request", () => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      const parameters = state.Parameters as Record<string, unknown> & { Payload?: unknown };
      const payload = (parameters.Payload ?? parameters) as Record<string, unknown>;
      expect(payload['executionArn.$'], name).toBe('$$.Execution.Id');
      expect(payload['requestId.$'], name).toBe('$.requestId');
    }
  });

  it('names the function behind every task', () => {
    expect(taskFunctions(definition)).toEqual({
      Plan: 'arn:steps',
      EvaluatePolicy: 'arn:steps',
      RequestApproval: 'arn:steps',
      Execute: 'arn:execute',
      MarkExpired: 'arn:steps',
      MarkFailed: 'arn:steps',
      Notify: 'arn:notifier',
    });
  });
});
