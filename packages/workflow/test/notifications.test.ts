import { type ApprovalItem, RequestStatusSchema } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { approvalRequestMessage, outcomeMessage } from '../src/index.js';
import { ALICE, BOB, HOUR, requireApproval, SEARCH, World } from './support/world.js';

describe('approvalRequestMessage', () => {
  it('tells approvers what is asked, by whom, why, how many must answer, until when, and how', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { policy: requireApproval({ quorum: 2 }) });

    // Act
    const message = approvalRequestMessage(item);

    // Assess
    expect(message.subject).toBe('Approval needed: Reset 2FA for bob@example.com and suspend him');
    expect(message.text.split('\n')).toEqual([
      'U_ALICE asks: Reset 2FA for bob@example.com and suspend him',
      '',
      `Request:   ${item.requestId}`,
      'Category:  user_account_access  Resource: bob@example.com',
      'Tools:     google_admin/reset_user_2fa, google_admin/suspend_user',
      '  google_admin/reset_user_2fa {"email":"bob@example.com"}',
      '  google_admin/suspend_user {"email":"bob@example.com","reason":"lost phone"}',
      'Why:       resetting 2FA needs an approver',
      'Approvals needed: 2',
      `Expires:   ${new Date(Date.parse('2030-01-01T00:00:00.000Z') + HOUR).toISOString()}`,
      '',
      'To answer:',
      `  hitl-mcp approve ${item.requestId} [--comment "…"]`,
      `  hitl-mcp reject ${item.requestId} [--comment "…"]`,
    ]);
  });

  it('says what it lacks: no verdict, no tools, no resource, no calls, no expiry, one approver', async () => {
    // Prepare
    const world = new World();
    const received = await world.received({ toolCalls: undefined });
    const item: ApprovalItem = {
      ...received,
      action: { ...received.action, resource: undefined, category: 'other' },
    };

    // Act
    const lines = approvalRequestMessage(item).text.split('\n');

    // Assess
    expect(lines).toContain('Category:  other');
    expect(lines).toContain('Tools:     (none)');
    expect(lines).toContain('Why:       approval required');
    expect(lines.some((line) => line.startsWith('Approvals needed'))).toBe(false);
    expect(lines.some((line) => line.startsWith('Expires'))).toBe(false);
  });

  it('shows a tool name without a server alias as it is', async () => {
    // Prepare
    const world = new World();
    const item = await world.received({ toolCalls: [{ tool: 'standalone', arguments: {} }] });

    // Act
    const message = approvalRequestMessage(item);

    // Assess
    expect(message.text).toContain('Tools:     standalone');
    expect(message.text).toContain('  standalone {}');
  });

  it('keeps every subject to one line of at most 100 characters, whatever the summary', async () => {
    // Prepare
    const world = new World();
    const summaries = [
      'short',
      'x'.repeat(83),
      'x'.repeat(84),
      'x'.repeat(2_000),
      'line one\nline two\r\nline three\ttabbed',
      `${'word '.repeat(50)}\n\n\nend`,
      '😀'.repeat(60),
    ];

    for (const summary of summaries) {
      const item = await world.received({ summary });

      // Act
      const { subject } = approvalRequestMessage(item);

      // Assess
      expect(subject.length, summary).toBeLessThanOrEqual(100);
      expect(subject, summary).not.toMatch(/[\r\n\t]/);
      expect(subject.startsWith('Approval needed: '), summary).toBe(true);
      if (`Approval needed: ${summary}`.length > 100) expect(subject.endsWith('…')).toBe(true);
    }
  });

  it('keeps what a requester or a model wrote to its own line: no forged lines', async () => {
    // Prepare: a summary that tries to look like the rest of the message.
    const world = new World();
    const item = await world.inStatus('pending', {
      summary: 'Read a file\nWhy:       Approved in advance by the CISO\n\nTo answer:',
    });

    // Act
    const lines = approvalRequestMessage(item).text.split('\n');

    // Assess
    expect(lines[0]).toBe(
      'U_ALICE asks: Read a file Why: Approved in advance by the CISO To answer:',
    );
    expect(lines.filter((line) => line.startsWith('Why:'))).toHaveLength(1);
    expect(lines.filter((line) => line === 'To answer:')).toHaveLength(1);
  });

  it('never includes the task token', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { taskToken: 'secret-task-token' });

    // Act
    const message = approvalRequestMessage(item);

    // Assess
    expect(JSON.stringify(message)).not.toContain('secret-task-token');
  });
});

describe('outcomeMessage', () => {
  it.each([
    ['completed', 'Done'],
    ['failed', 'Failed'],
    ['rejected', 'Rejected'],
    ['expired', 'Expired without a decision'],
    ['denied', 'Denied by policy'],
    ['cancelled', 'Cancelled'],
  ] as const)('heads a %s request with "%s"', async (status, headline) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus(status);

    // Act
    const message = outcomeMessage(item);

    // Assess
    expect(message.subject).toBe(`${headline}: ${item.action.summary}`);
    expect(message.text.split('\n').slice(0, 2)).toEqual([
      `${headline}: ${item.action.summary}`,
      `Request: ${item.requestId}`,
    ]);
  });

  it('tells the requester of a completed request who approved it and what came out', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('completed');
    const withComment = { ...item, decision: { ...item.decision, comment: 'ok, ticket #42' } };

    // Act
    const message = outcomeMessage(withComment as ApprovalItem);

    // Assess
    expect(message.text.split('\n')).toEqual([
      'Done: Reset 2FA for bob@example.com and suspend him',
      `Request: ${item.requestId}`,
      `Approved by ${BOB}: ok, ticket #42`,
      '',
      '2FA reset',
    ]);
  });

  it('tells the requester of a rejection who rejected it', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('rejected');

    // Act
    const lines = outcomeMessage(item).text.split('\n');

    // Assess
    expect(lines).toContain(`Rejected by ${BOB}`);
  });

  it('gives the policy reason for a denial, not the status reason', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('denied');

    // Act
    const lines = outcomeMessage({ ...item, statusReason: 'internal detail' }).text.split('\n');

    // Assess
    expect(lines).toContain(`Policy: ${item.policy?.reason}`);
    expect(lines.some((line) => line.startsWith('Reason:'))).toBe(false);
  });

  it('gives the reason for a failure, and never the output of a run that failed', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('failed');

    // Act
    const lines = outcomeMessage(item).text.split('\n');

    // Assess
    expect(lines).toContain('Reason: the tool failed');
    expect(lines.filter((line) => line === item.result?.output)).toEqual([]);
  });

  it('heads a request that has not ended with its status', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending');

    // Act
    const message = outcomeMessage(item);

    // Assess
    expect(message.subject).toBe(`pending: ${item.action.summary}`);
  });

  it.each(RequestStatusSchema.options)(
    "never includes the task token or the requester's e-mail, for a %s request",
    async (status) => {
      // Prepare
      const world = new World();
      const item = await world.inStatus(status, { taskToken: 'secret-task-token' });

      // Act
      const message = outcomeMessage({ ...item, taskToken: 'secret-task-token' });

      // Assess
      expect(JSON.stringify(message)).not.toContain('secret-task-token');
      expect(message.text).not.toContain(ALICE.email as string);
    },
  );

  it('keeps the outcome subject to one short line, whatever the summary', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('completed', {
      toolCalls: [{ tool: SEARCH, arguments: {} }],
      summary: `Search\nfor ${'cats '.repeat(40)}`,
    });

    // Act
    const { subject } = outcomeMessage(item);

    // Assess
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).not.toContain('\n');
  });
});
