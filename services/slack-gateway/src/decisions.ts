import { directorySlackIds, withSlackIds } from '@agentcore/adapters';
import {
  type ApprovalItem,
  canonicalJson,
  DomainError,
  NotFoundError,
  RetryableError,
} from '@agentcore/core';
import { approvalCard, escapeMrkdwn } from '@agentcore/slack';
import { type CallChange, WorkflowError } from '@agentcore/workflow';
import type { GatewayDeps } from './deps.js';
import type { SlackPrincipal } from './identity.js';

/** The directory as the workflow asks it: this person's groups, as the directory gave them. */
export function directoryOf(principal: SlackPrincipal) {
  return { groupsOf: async () => [...principal.groups] };
}

/**
 * What a person is told when their click changes nothing: the workflow's own reason (not an
 * approver, their own request, expired, decided already) or, for a fault, that nothing changed.
 */
export function refusalText(error: unknown): string | undefined {
  if (error instanceof NotFoundError) return 'That request no longer exists.';
  // A fault that passes (the workflow or the store briefly unreachable): the words say what to do.
  if (error instanceof RetryableError) return `Not finished: ${error.message}`;
  if (error instanceof DomainError || error instanceof WorkflowError) {
    return `Nothing changed: ${error.message}`;
  }
  return undefined;
}

/**
 * Every copy of the request's card, updated in place to show where it stands (who decided and
 * when, what was edited); `clicked` is the card the person pressed, updated even if the
 * ledger does not know it.
 */
export async function refreshCards(
  deps: GatewayDeps,
  item: ApprovalItem,
  clicked?: { channelId: string; ts: string },
): Promise<void> {
  const slack = await deps.slack();
  // People as Slack knows them: the card mentions `<@U…>`, whatever ids the directory uses.
  const shown = await withSlackIds(item, directorySlackIds(deps.directory));
  const card = approvalCard(shown, { now: deps.clock() });
  const known = (await deps.ledger.get(item.requestId))?.cards ?? [];
  const cards =
    clicked && !known.some((each) => each.ts === clicked.ts && each.channelId === clicked.channelId)
      ? [...known, clicked]
      : known;
  for (const ref of cards) {
    // The decision or edit stands whatever Slack says; a card left stale is logged, not an error.
    await slack.updateMessage({ channel: ref.channelId, ts: ref.ts, ...card }).catch((error) => {
      deps.telemetry.logger.warn('slack card not updated', {
        requestId: item.requestId,
        error: error instanceof Error ? error.name : 'unknown',
      });
    });
  }
}

/** Says in the request's thread what an edit changed (the card shows the calls as they are now). */
export async function tellEdit(
  deps: GatewayDeps,
  origin: ApprovalItem['action']['origin'],
  editor: string,
  changes: readonly CallChange[],
): Promise<void> {
  if (origin.source !== 'slack' || !origin.channelId || !origin.threadTs || changes.length === 0) {
    return;
  }
  // Numbered from 1 and named alias/tool, as the card shows them.
  const lines = changes.map((change) => {
    const tool = change.tool.replace('__', '/');
    const before = escapeMrkdwn(canonicalJson(change.before));
    const after = escapeMrkdwn(canonicalJson(change.after));
    return `• ${change.call + 1}. \`${escapeMrkdwn(tool)}\`: \`${before}\` → \`${after}\``;
  });
  const slack = await deps.slack();
  await slack.postMessage({
    channel: origin.channelId,
    thread_ts: origin.threadTs,
    text: [
      `:pencil2: ${escapeMrkdwn(editor)} edited the proposed calls; policy decided them again and earlier votes no longer count.`,
      ...lines,
    ]
      .join('\n')
      .slice(0, 3_900),
  });
}
