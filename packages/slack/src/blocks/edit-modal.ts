import { type ApprovalItem, approvedDigestOf, describeCall, LIMITS } from '@agentcore/core';
import type { KnownBlock, ModalView } from '@slack/types';
import * as z from 'zod';
import { truncateText } from '../text.js';
import { CardButtonValueSchema } from './approval-card.js';
import { SLACK_LIMITS } from './limits.js';
import { displayTool, section, textSections } from './parts.js';

export const EDIT_CALLS_CALLBACK_ID = 'hitl_edit_calls';
const ARGUMENTS_ACTION = 'arguments';
const callBlockId = (index: number) => `call_${index}`;

/**
 * The Edit dialog: one JSON input per exact call, pre-filled with its arguments. The request
 * and the digest of the calls shown travel in `private_metadata`, so a submission amends only
 * the calls the editor saw. Arguments too long for a Slack input are shown, not editable.
 */
export function editCallsModal(item: ApprovalItem): ModalView {
  const calls = item.action.toolCalls ?? [];
  const blocks: KnownBlock[] = [
    ...textSections(
      `Edit the arguments of the calls below. Submitting asks policy again and clears the votes so far.`,
    ),
  ];
  calls.forEach((call, index) => {
    if (blocks.length >= SLACK_LIMITS.blocksPerModal - 1) return;
    const json = JSON.stringify(call.arguments, null, 2);
    const label = truncateText(`${index + 1}. ${displayTool(call.tool)}`, SLACK_LIMITS.inputLabel);
    if (json.length > SLACK_LIMITS.plainTextInputValue) {
      blocks.push(
        section(
          `*${index + 1}. \`${displayTool(call.tool)}\`*: its arguments (${json.length} characters) are too long to edit in Slack; use the API.`,
        ),
      );
      return;
    }
    blocks.push({
      type: 'input',
      block_id: callBlockId(index),
      label: { type: 'plain_text', text: label },
      hint: { type: 'plain_text', text: truncateText(describeCall(call), SLACK_LIMITS.inputHint) },
      element: {
        type: 'plain_text_input',
        action_id: ARGUMENTS_ACTION,
        multiline: true,
        initial_value: json,
        max_length: SLACK_LIMITS.plainTextInputValue,
      },
    });
  });
  return {
    type: 'modal',
    callback_id: EDIT_CALLS_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Edit the calls' },
    submit: { type: 'plain_text', text: 'Submit' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({
      requestId: item.requestId,
      callsDigest: approvedDigestOf(item),
    }),
    blocks,
  };
}

const SubmittedViewSchema = z.object({
  callback_id: z.literal(EDIT_CALLS_CALLBACK_ID),
  private_metadata: z.string().max(SLACK_LIMITS.privateMetadata),
  state: z.object({
    values: z.record(
      z.string(),
      z.record(z.string(), z.object({ value: z.string().nullish() }).loose()),
    ),
  }),
  blocks: z.array(z.object({ block_id: z.string().optional() }).loose()).optional(),
});

export type EditSubmission =
  | {
      requestId: string;
      callsDigest: string;
      /** Only the calls whose arguments the editor changed; empty when nothing changed. */
      calls: Array<{ index: number; arguments: Record<string, unknown> }>;
    }
  | { errors: Record<string, string> };

function initialValues(blocks: z.infer<typeof SubmittedViewSchema>['blocks']): Map<string, string> {
  const values = new Map<string, string>();
  for (const block of blocks ?? []) {
    const element = (block as { element?: { initial_value?: unknown } }).element;
    if (block.block_id && typeof element?.initial_value === 'string') {
      values.set(block.block_id, element.initial_value);
    }
  }
  return values;
}

function sameJson(a: unknown, b: string | undefined): boolean {
  if (b === undefined) return false;
  try {
    return JSON.stringify(a) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * Reads a `view_submission` of the Edit dialog. Invalid JSON, or JSON that is not an object,
 * comes back as `errors` by block id, for Slack to show beside the input
 * (`response_action: 'errors'`); a view that is not our dialog is `errors` on `view`.
 */
export function readEditSubmission(view: unknown): EditSubmission {
  const parsed = SubmittedViewSchema.safeParse(view);
  if (!parsed.success) return { errors: { view: 'This is not the Edit dialog of a request.' } };
  let meta: z.infer<typeof CardButtonValueSchema>;
  try {
    const checked = CardButtonValueSchema.safeParse(JSON.parse(parsed.data.private_metadata));
    if (!checked.success) return { errors: { view: 'This dialog does not name a request.' } };
    meta = checked.data;
  } catch {
    return { errors: { view: 'This dialog does not name a request.' } };
  }
  const initial = initialValues(parsed.data.blocks);
  const errors: Record<string, string> = {};
  const calls: Array<{ index: number; arguments: Record<string, unknown> }> = [];
  for (const [blockId, actions] of Object.entries(parsed.data.state.values)) {
    const match = /^call_(\d{1,2})$/.exec(blockId);
    const text = actions[ARGUMENTS_ACTION]?.value;
    if (!match || text === undefined) continue;
    let value: unknown;
    try {
      value = JSON.parse(text ?? '');
    } catch (error) {
      errors[blockId] =
        `Not valid JSON: ${truncateText(error instanceof Error ? error.message : String(error), 150)}`;
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      errors[blockId] = 'The arguments must be a JSON object, like {"name": "value"}.';
      continue;
    }
    if (JSON.stringify(value).length > LIMITS.toolArgumentsJson) {
      errors[blockId] = `The arguments must be at most ${LIMITS.toolArgumentsJson} characters.`;
      continue;
    }
    if (sameJson(value, initial.get(blockId))) continue;
    calls.push({ index: Number(match[1]), arguments: value as Record<string, unknown> });
  }
  if (Object.keys(errors).length > 0) return { errors };
  calls.sort((a, b) => a.index - b.index);
  return { requestId: meta.requestId, callsDigest: meta.callsDigest, calls };
}
