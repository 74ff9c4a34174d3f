import { describe, expect, it } from 'vitest';
import {
  ApprovalItemSchema,
  ApprovalRequirementsSchema,
  newRequestId,
  ProposedActionSchema,
  parseOrThrow,
  ToolCallSchema,
  ValidationError,
} from '../src/index.js';

const action = {
  requester: { userId: 'U1' },
  origin: { source: 'cli' },
  query: 'add AWS role X for account Y to alice',
  summary: 'Grant role X in account Y to alice',
};

describe('ProposedAction', () => {
  it('fills the defaults of the seed: category other, environment dev, no tools', () => {
    const parsed = ProposedActionSchema.parse(action);
    expect(parsed).toMatchObject({ category: 'other', environment: 'dev', intendedTools: [] });
    expect(parsed.requester.groups).toEqual([]);
  });

  it.each([
    ['an empty query', { query: '   ' }, 'query'],
    ['an unknown category', { category: 'privileged_write' }, 'category'],
    ['a negative amount', { amount: -5 }, 'amount'],
    ['an unknown source', { origin: { source: 'email' } }, 'origin.source'],
    ['a 65-character tool name', { intendedTools: ['a'.repeat(65)] }, 'intendedTools.0'],
  ])('refuses %s and names the field', (_, overrides, path) => {
    // Act
    const attempt = () => parseOrThrow(ProposedActionSchema, { ...action, ...overrides }, 'action');

    // Assess
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(path);
      expect((error as ValidationError).message).toMatch(/^invalid action: /);
    }
  });

  it('bounds the size of tool arguments', () => {
    const big = { tool: 'jira__create_issue', arguments: { description: 'x'.repeat(40_000) } };
    expect(ToolCallSchema.safeParse(big).success).toBe(false);
    expect(ToolCallSchema.safeParse({ ...big, arguments: { description: 'ok' } }).success).toBe(
      true,
    );
  });
});

describe('ApprovalItem', () => {
  it('round-trips a full record', () => {
    // Prepare
    const now = '2026-11-21T12:00:00.000Z';
    const item = {
      requestId: newRequestId(Date.parse(now)),
      status: 'approved',
      version: 3,
      createdAt: now,
      updatedAt: now,
      requester: { userId: 'U1', groups: [] },
      action: ProposedActionSchema.parse(action),
      policy: {
        outcome: 'require_approval',
        policyIds: ['aws-role-grants'],
        reason: 'AWS role changes need approval',
      },
      intendedTools: ['google_admin__add_aws_role'],
      allowedTools: ['google_admin__add_aws_role'],
      toolPins: { google_admin__add_aws_role: 'abc' },
      decision: {
        verdict: 'approved',
        approver: 'U2',
        decidedAt: now,
        allowedTools: ['google_admin__add_aws_role'],
      },
    };

    // Act
    const parsed = ApprovalItemSchema.parse(item);

    // Assess
    expect(ApprovalItemSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('has safe approval defaults: one approver, no self-approval', () => {
    expect(ApprovalRequirementsSchema.parse({})).toEqual({
      approverUserIds: [],
      approverGroups: [],
      quorum: 1,
      allowSelfApproval: false,
      expiresInSeconds: 3_600,
    });
  });
});
