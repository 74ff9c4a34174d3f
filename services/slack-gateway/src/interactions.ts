import { approvedDigestOf } from '@agentcore/core';
import { editCallsModal, readEditSubmission, SLACK_ACTIONS } from '@agentcore/slack';
import {
  amendProposedCalls,
  applyCallEdits,
  assertMayDecide,
  loadRequest,
  recordApproverDecision,
} from '@agentcore/workflow';
import type { Hono } from 'hono';
import { directoryOf, refreshCards, refusalText, tellEdit } from './decisions.js';
import type { GatewayDeps } from './deps.js';
import { principalOf, unknownPersonText } from './identity.js';
import {
  type BlockActions,
  ButtonValueSchema,
  interactionOf,
  type ViewSubmission,
} from './interaction-payloads.js';
import type { GatewayContext, GatewayEnv } from './verification.js';

/**
 * POST /slack/interactivity (already verified): Approve / Reject / Edit on a card, and the
 * edit modal's submission. The person is the payload's `user.id`, which Slack signed; nothing
 * else in the payload names who acts.
 */
export function interactionRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.post('/slack/interactivity', async (c) => {
    const interaction = interactionOf(c.get('rawBody'));
    if (!interaction.ok) return c.json({ ok: false, error: interaction.error }, 400);
    const payload = interaction.value;
    if (payload.type === 'view_submission') return submitEdit(c, deps, payload);
    await pressButton(deps, payload);
    return c.body(null, 200);
  });
}

const VERDICTS: Record<string, 'approved' | 'rejected'> = {
  [SLACK_ACTIONS.approve]: 'approved',
  [SLACK_ACTIONS.reject]: 'rejected',
};

async function pressButton(deps: GatewayDeps, payload: BlockActions): Promise<void> {
  const action = payload.actions[0];
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  const messageTs = payload.container?.message_ts ?? payload.message?.ts;
  const threadTs = payload.container?.thread_ts ?? payload.message?.thread_ts;
  if (!action || !channel) return;
  const user = payload.user.id;
  const slack = await deps.slack();
  const tell = (text: string) =>
    slack.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  const value = ButtonValueSchema.safeParse(safeJson(action.value));
  const isOurs = action.action_id === SLACK_ACTIONS.edit || action.action_id in VERDICTS;
  if (!isOurs || !value.success) {
    await tell('That button is not one I know; nothing changed.');
    return;
  }
  const principal = await principalOf(deps.directory, user);
  if (!principal) {
    await tell(unknownPersonText(user));
    return;
  }
  const { requestId, callsDigest } = value.data;
  try {
    if (action.action_id === SLACK_ACTIONS.edit) {
      const item = await loadRequest(deps.approvals, requestId);
      await assertMayDecide(
        { directory: directoryOf(principal) },
        item,
        principal.userId,
        'approved',
      );
      if (item.status !== 'pending') {
        await tell(
          `Nothing changed: request ${requestId} is ${item.status}; only a waiting request can be edited.`,
        );
        return;
      }
      if (!payload.trigger_id) return;
      await slack.openView({ trigger_id: payload.trigger_id, view: editCallsModal(item) });
      return;
    }
    const verdict = VERDICTS[action.action_id] as 'approved' | 'rejected';
    const decided = await recordApproverDecision(
      { ...deps, directory: directoryOf(principal) },
      { requestId, approver: principal.userId, verdict, callsDigest },
    );
    await refreshCards(
      deps,
      decided,
      messageTs ? { channelId: channel, ts: messageTs } : undefined,
    );
    if (decided.status === 'approved') await deps.progress.show(decided, 'running');
  } catch (error) {
    const text = refusalText(error);
    if (text === undefined) throw error;
    await tell(text);
  }
}

function safeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first input block of the modal, where an error about the whole edit is shown. */
function firstInputBlock(payload: ViewSubmission): string {
  return payload.view.blocks.find((block) => block.type === 'input')?.block_id ?? 'calls';
}

async function submitEdit(c: GatewayContext, deps: GatewayDeps, payload: ViewSubmission) {
  const errors = (blockErrors: Record<string, string>) =>
    c.json({ response_action: 'errors', errors: blockErrors });
  const edit = readEditSubmission(payload.view);
  if ('errors' in edit) {
    // Slack shows errors beside input blocks only: one about the whole dialog goes on the first.
    const { view: whole, ...byBlock } = edit.errors;
    return errors(whole ? { ...byBlock, [firstInputBlock(payload)]: whole } : byBlock);
  }
  // Nothing edited: the dialog closes and the request stays as it is.
  if (edit.calls.length === 0) return c.body(null, 200);
  const principal = await principalOf(deps.directory, payload.user.id);
  if (!principal) return errors({ [firstInputBlock(payload)]: unknownPersonText(payload.user.id) });
  try {
    const item = await loadRequest(deps.approvals, edit.requestId);
    if (approvedDigestOf(item) !== edit.callsDigest) {
      return errors({
        [firstInputBlock(payload)]:
          'The calls changed since you opened this; close it and press Edit again.',
      });
    }
    const edits = edit.calls.map((call) => ({ call: call.index, arguments: call.arguments }));
    const { changes } = applyCallEdits(item, edits);
    const amended = await amendProposedCalls(
      { ...deps, directory: directoryOf(principal) },
      { requestId: item.requestId, editor: principal.userId, edits },
    );
    await refreshCards(deps, amended);
    await tellEdit(deps, amended.action.origin, principal.displayName, changes);
    return c.body(null, 200);
  } catch (error) {
    const text = refusalText(error);
    if (text === undefined) throw error;
    return errors({ [firstInputBlock(payload)]: text });
  }
}
