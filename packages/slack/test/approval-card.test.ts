import { approvedDigestOf } from '@agentcore/core';
import type { ActionsBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { approvalCard, readCardButtonValue, SLACK_ACTIONS } from '../src/index.js';
import { EXPIRES_AT, pendingItem, REQUEST_ID } from './support/items.js';
import { allText, limitViolations } from './support/limits.js';

const BEFORE_EXPIRY = new Date('2026-01-01T10:30:00.000Z');

function actionsOf(blocks: ReturnType<typeof approvalCard>['blocks']): ActionsBlock | undefined {
  return blocks.find((block): block is ActionsBlock => block.type === 'actions');
}

describe('approvalCard', () => {
  it('shows who asks, what will happen, the exact call, risk, policy and expiry, with buttons', () => {
    // Prepare
    const item = pendingItem();

    // Act
    const card = approvalCard(item, { now: BEFORE_EXPIRY });

    // Assess
    const text = allText(card);
    expect(text).toContain('<@U_ALICE> asks');
    expect(text).toContain('Turn off 2-Step Verification for bob@example.com');
    expect(text).toContain('`google_admin/reset_2fa`');
    expect(text).toContain('```\n{\n  "user_email": "bob@example.com"\n}\n```');
    expect(text).toContain('*Risk:* user account access · environment prod');
    expect(text).toContain(
      'Account security changes need an approver (account-changes-need-approval) · 0 of 2 approvals',
    );
    expect(text).toContain(`<!date^${Date.parse(EXPIRES_AT) / 1000}^`);
    expect(limitViolations(card)).toEqual([]);
  });

  it('binds each button to the request and the digest of the calls it shows', () => {
    // Prepare
    const item = pendingItem();

    // Act
    const buttons = actionsOf(approvalCard(item, { now: BEFORE_EXPIRY }).blocks)?.elements ?? [];

    // Assess
    expect(buttons.map((button) => button.action_id)).toEqual([
      SLACK_ACTIONS.approve,
      SLACK_ACTIONS.edit,
      SLACK_ACTIONS.reject,
    ]);
    for (const button of buttons) {
      const value = 'value' in button ? button.value : undefined;
      expect(readCardButtonValue(value)).toEqual({
        requestId: REQUEST_ID,
        callsDigest: approvedDigestOf(item),
      });
    }
  });

  it('lets no argument mention, broadcast or link: arguments are escaped', () => {
    // Prepare
    const item = pendingItem({
      action: {
        ...pendingItem().action,
        summary: 'Hello <!channel>',
        toolCalls: [
          {
            tool: 'jira__add_comment',
            arguments: { body: '<!here> see <https://evil.example|the docs> <@U0BOSS>' },
            description: 'Comment <!everyone> on PROJ-1',
          },
        ],
      },
    });

    // Act
    const text = allText(approvalCard(item, { now: BEFORE_EXPIRY }));

    // Assess: the only markup left is ours (the requester's mention and the date).
    const markup = text.match(/<[^>]*>/g) ?? [];
    expect(markup.filter((tag) => tag !== '<@U_ALICE>' && !tag.startsWith('<!date^'))).toEqual([]);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;https://evil.example|the docs&gt;');
  });

  it('shows who approved and when, and no buttons, once decided', () => {
    // Prepare
    const decision = {
      verdict: 'approved' as const,
      approver: 'U_APPROVER',
      decidedAt: '2026-01-01T10:20:00.000Z',
      comment: 'ok <!channel>',
    };
    const item = pendingItem({ status: 'approved', decision, votes: [decision] });

    // Act
    const card = approvalCard(item, { now: BEFORE_EXPIRY });

    // Assess
    expect(actionsOf(card.blocks)).toBeUndefined();
    const text = allText(card);
    expect(text).toContain('Approved by <@U_APPROVER> <!date^1767262800^');
    expect(text).toContain('ok &lt;!channel&gt;');
    expect(card.text).toMatch(/^✅ Approved/);
  });

  it('names every approver whose vote counted, while waiting for the quorum and once it is met', () => {
    // Prepare
    const vote = (approver: string, minute: number) => ({
      verdict: 'approved' as const,
      approver,
      decidedAt: `2026-01-01T10:${minute}:00.000Z`,
    });
    const waiting = pendingItem({ votes: [vote('U_APPROVER', 10)] });
    const met = pendingItem({
      status: 'approved',
      votes: [vote('U_APPROVER', 10), vote('U_APPROVER_2', 20)],
      decision: vote('U_APPROVER_2', 20),
    });

    // Act
    const waitingText = allText(approvalCard(waiting, { now: BEFORE_EXPIRY }));
    const metText = allText(approvalCard(met, { now: BEFORE_EXPIRY }));

    // Assess
    expect(waitingText).toContain('1 of 2 approvals (<@U_APPROVER>)');
    expect(metText).toContain('Approved by <@U_APPROVER>, <@U_APPROVER_2> <!date^');
  });

  it.each([
    ['expired', 'Nobody decided before'],
    ['cancelled', 'Cancelled'],
    ['rejected', 'Rejected'],
    ['completed', 'Approved and done'],
  ] as const)('has no buttons when %s', (status, says) => {
    // Act
    const card = approvalCard(pendingItem({ status }), { now: BEFORE_EXPIRY });

    // Assess
    expect(actionsOf(card.blocks)).toBeUndefined();
    expect(allText(card)).toContain(says);
  });

  it('drops the buttons of a pending card drawn at or after its expiry', () => {
    // Act
    const card = approvalCard(pendingItem(), { now: new Date(EXPIRES_AT) });

    // Assess
    expect(actionsOf(card.blocks)).toBeUndefined();
    expect(allText(card, { plain: true })).toContain('Expired');
  });

  it('stays within every limit for 64 calls with arguments of 30 000 characters', () => {
    // Prepare
    const toolCalls = Array.from({ length: 64 }, (_, index) => ({
      tool: `jira__tool_${index}`,
      arguments: { text: `${index}:`.padEnd(30_000, 'x') },
      description: 'd'.repeat(500),
    }));
    const item = pendingItem({ action: { ...pendingItem().action, toolCalls } });

    // Act
    const card = approvalCard(item, { now: BEFORE_EXPIRY });

    // Assess
    expect(limitViolations(card)).toEqual([]);
    expect(JSON.stringify(card.blocks).length).toBeLessThan(40_000);
    expect(allText(card)).toContain('cut here: Edit or the API shows the arguments whole');
    expect(allText(card)).toContain('more calls, shown by Edit and the API');
  });

  it('cuts arguments that grow when escaped (every < becomes &lt;) with the marker, within limits', () => {
    // Prepare
    const toolCalls = [1, 2, 3].map((n) => ({
      tool: `jira__tool_${n}`,
      arguments: { html: '<'.repeat(30_000) },
    }));
    const item = pendingItem({ action: { ...pendingItem().action, toolCalls } });

    // Act
    const card = approvalCard(item, { now: BEFORE_EXPIRY });

    // Assess
    expect(limitViolations(card)).toEqual([]);
    const text = allText(card);
    expect(text.match(/cut here: Edit or the API shows the arguments whole/g)).toHaveLength(3);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });
});
