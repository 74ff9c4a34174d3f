import { describe, expect, it } from 'vitest';
import {
  PolicyOutcomeInputSchema,
  parseDecisionVerdict,
  parsePolicyOutcome,
  toSeedApprovalStatus,
} from '../src/index.js';

describe('outcome vocabulary', () => {
  const spellings: [string, 'allow' | 'require_approval' | 'deny'][] = [
    ['allow', 'allow'],
    ['approve', 'allow'],
    ['approved', 'allow'],
    ['Approved', 'allow'],
    ['deny', 'deny'],
    ['reject', 'deny'],
    ['rejected', 'deny'],
    ['Denied', 'deny'],
    ['pending', 'require_approval'],
    ['require_approval', 'require_approval'],
    ['Approval Required', 'require_approval'],
    ['  APPROVAL REQUIRED ', 'require_approval'],
  ];

  it.each(spellings)('reads the seed spelling %j as %s', (spelling, canonical) => {
    expect(parsePolicyOutcome(spelling)).toBe(canonical);
    expect(PolicyOutcomeInputSchema.parse(spelling)).toBe(canonical);
  });

  it.each(['', 'maybe', 'approval', 'COMPLETION_STATUS.PENDING'])('refuses %j', (spelling) => {
    expect(parsePolicyOutcome(spelling)).toBeUndefined();
    const result = PolicyOutcomeInputSchema.safeParse(spelling);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`unknown outcome "${spelling}"`);
  });

  it('reads approver answers and refuses a pending one', () => {
    expect(parseDecisionVerdict('Approved')).toBe('approved');
    expect(parseDecisionVerdict('approve')).toBe('approved');
    expect(parseDecisionVerdict('reject')).toBe('rejected');
    expect(parseDecisionVerdict('Denied')).toBe('rejected');
    expect(parseDecisionVerdict('Approval Required')).toBeUndefined();
  });

  it('emits the seed strings for old consumers', () => {
    expect(toSeedApprovalStatus('allow')).toBe('Approved');
    expect(toSeedApprovalStatus('require_approval')).toBe('Approval Required');
    expect(toSeedApprovalStatus('deny')).toBe('Denied');
  });
});
