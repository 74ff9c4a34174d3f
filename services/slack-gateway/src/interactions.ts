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
import { identify, type SlackPrincipal } from './identity.js';
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

const VERDICTS: Readonly<Record<string, 'approved' | 'rejected'>> = {
  [SLACK_ACTIONS.approve]: 'approved',
  [SLACK_ACTIONS.reject]: 'rejected',
};

/** Where a click happened, and a way to answer the clicker alone. */
interface Click {
  user: SlackPrincipal;
  card: { channelId: string; ts: string } | undefined;
  tell: (text: string) => Promise<unknown>;
}

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
  const verdict = Object.hasOwn(VERDICTS, action.action_id)
    ? VERDICTS[action.action_id]
    : undefined;
  const isEdit = action.action_id === SLACK_ACTIONS.edit;
  if ((!verdict && !isEdit) || !value.success) {
    await tell('That button is not one I know; nothing changed.');
    return;
  }
  const identified = await identify(deps.directory, user);
  if (!identified.known) {
    await tell(identified.text);
    return;
  }
  const click: Click = {
    user: identified.principal,
    card: messageTs ? { channelId: channel, ts: messageTs } : undefined,
    tell,
  };
  try {
    if (verdict) await decide(deps, click, { ...value.data, verdict });
    else await openEdit(deps, click, value.data.requestId, payload.trigger_id);
  } catch (error) {
    const text = refusalText(error);
    if (text === undefined) throw error;
    await tell(text);
  }
}

/** Approve or Reject: recorded through the workflow, handed on, and shown on every card. */
async function decide(
  deps: GatewayDeps,
  click: Click,
  vote: { requestId: string; callsDigest: string; verdict: 'approved' | 'rejected' },
): Promise<void> {
  const decided = await recordApproverDecision(
    { ...deps, directory: directoryOf(click.user) },
    { ...vote, approver: click.user.userId },
  );
  await refreshCards(deps, decided, click.card);
  if (decided.status === 'approved') await deps.progress.show(decided, 'running');
}

/** Edit: the dialog opens only for someone who may decide the request, while it waits. */
async function openEdit(
  deps: GatewayDeps,
  click: Click,
  requestId: string,
  triggerId: string | undefined,
): Promise<void> {
  const item = await loadRequest(deps.approvals, requestId);
  await assertMayDecide(
    { directory: directoryOf(click.user) },
    item,
    click.user.userId,
    'approved',
  );
  if (item.status !== 'pending') {
    await click.tell(
      `Nothing changed: request ${requestId} is ${item.status}; only a waiting request can be edited.`,
    );
    return;
  }
  if (!triggerId) return;
  const slack = await deps.slack();
  await slack.openView({ trigger_id: triggerId, view: editCallsModal(item) });
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
  const identified = await identify(deps.directory, payload.user.id);
  if (!identified.known) return errors({ [firstInputBlock(payload)]: identified.text });
  const { principal } = identified;
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
