import { newRequestId } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { RequestApiEventSchema } from '../src/index.js';
import { ALICE, BOB, SEARCH } from './support/world.js';

const requestId = newRequestId(0);

describe('RequestApiEventSchema', () => {
  it.each<[string, unknown]>([
    [
      'submit',
      {
        operation: 'submit',
        request: {
          requester: ALICE,
          origin: { source: 'cli' },
          toolCalls: [{ tool: SEARCH, arguments: { query: 'cat' } }],
        },
      },
    ],
    [
      'record_decision',
      { operation: 'record_decision', decision: { requestId, approver: BOB, verdict: 'approved' } },
    ],
    ['get_request', { operation: 'get_request', requestId }],
    ['list_requests', { operation: 'list_requests', status: 'approved', limit: 10 }],
  ])('takes a %s event', (_, event) => {
    // Act
    const parsed = RequestApiEventSchema.safeParse(event);

    // Assess
    expect(parsed.success).toBe(true);
  });

  it('lists pending requests, 25 at a time, by default', () => {
    // Act
    const parsed = RequestApiEventSchema.parse({ operation: 'list_requests' });

    // Assess
    expect(parsed).toEqual({ operation: 'list_requests', status: 'pending', limit: 25 });
  });

  it.each(['plan', 'evaluate_policy', 'await_approval', 'execute', 'expire', 'fail', 'notify'])(
    'refuses the workflow step %s: no caller reaches a step',
    (step) => {
      // Act
      const parsed = RequestApiEventSchema.safeParse({
        operation: step,
        step,
        requestId,
        executionArn: `arn:aws:states:us-east-1:123456789012:execution:hitl:${requestId}`,
      });

      // Assess
      expect(parsed.success).toBe(false);
    },
  );

  it.each<[string, unknown]>([
    ['no operation', { requestId }],
    [
      'a submit without a query or calls',
      { operation: 'submit', request: { requester: ALICE, origin: { source: 'cli' } } },
    ],
    [
      'a decision on a malformed id',
      {
        operation: 'record_decision',
        decision: { requestId: 'x', approver: BOB, verdict: 'approved' },
      },
    ],
    ['a read of a malformed id', { operation: 'get_request', requestId: '../etc/passwd' }],
  ])('refuses %s', (_, event) => {
    // Act
    const parsed = RequestApiEventSchema.safeParse(event);

    // Assess
    expect(parsed.success).toBe(false);
  });
});
