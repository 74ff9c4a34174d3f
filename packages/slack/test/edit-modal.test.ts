import { approvedDigestOf } from '@agentcore/core';
import type { InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { EDIT_CALLS_CALLBACK_ID, editCallsModal, readEditSubmission } from '../src/index.js';
import { pendingItem, REQUEST_ID } from './support/items.js';

const twoCalls = pendingItem({
  action: {
    ...pendingItem().action,
    toolCalls: [
      { tool: 'google_admin__reset_2fa', arguments: { user_email: 'bob@example.com' } },
      { tool: 'jira__add_comment', arguments: { issue: 'OPS-1', body: 'reset' } },
    ],
  },
});

/** What Slack sends back in `view_submission`: the view, with the inputs' values in `state`. */
function submitted(view: ModalView, values: Record<string, string>) {
  const inputs = view.blocks.filter((block): block is InputBlock => block.type === 'input');
  const state: Record<string, Record<string, { type: string; value: string }>> = {};
  for (const input of inputs) {
    const element = input.element as { action_id: string; initial_value: string };
    const blockId = input.block_id ?? '';
    state[blockId] = {
      [element.action_id]: {
        type: 'plain_text_input',
        value: values[blockId] ?? element.initial_value,
      },
    };
  }
  return { id: 'V1', ...view, state: { values: state } };
}

describe('editCallsModal and readEditSubmission', () => {
  it('round-trips: one input per call pre-filled, and back only the edited call', () => {
    // Prepare
    const view = editCallsModal(twoCalls);

    // Act
    const submission = readEditSubmission(
      submitted(view, { call_1: '{"issue": "OPS-1", "body": "reset, as asked"}' }),
    );

    // Assess
    expect(view.callback_id).toBe(EDIT_CALLS_CALLBACK_ID);
    expect(view.blocks.filter((block) => block.type === 'input')).toHaveLength(2);
    expect(submission).toEqual({
      requestId: REQUEST_ID,
      callsDigest: approvedDigestOf(twoCalls),
      calls: [{ index: 1, arguments: { issue: 'OPS-1', body: 'reset, as asked' } }],
    });
  });

  it('returns no calls when nothing changed', () => {
    // Act
    const submission = readEditSubmission(submitted(editCallsModal(twoCalls), {}));

    // Assess
    expect(submission).toMatchObject({ calls: [] });
  });

  it('shows invalid JSON and non-objects as errors beside their input', () => {
    // Prepare
    const view = editCallsModal(twoCalls);

    // Act
    const submission = readEditSubmission(
      submitted(view, { call_0: '{"user_email": ', call_1: '["not", "an", "object"]' }),
    );

    // Assess
    expect(submission).toEqual({
      errors: {
        call_0: expect.stringMatching(/^Not valid JSON/),
        call_1: 'The arguments must be a JSON object, like {"name": "value"}.',
      },
    });
  });

  it('refuses a view that is not ours or names no request', () => {
    // Prepare
    const view = submitted(editCallsModal(twoCalls), {});

    // Act
    const foreign = readEditSubmission({ ...view, callback_id: 'other' });
    const forged = readEditSubmission({ ...view, private_metadata: '{"requestId":"x"}' });
    const garbage = readEditSubmission('nonsense');

    // Assess
    expect([foreign, forged, garbage].every((result) => 'errors' in result)).toBe(true);
  });

  it('shows arguments too long for a Slack input instead of offering to edit them', () => {
    // Prepare
    const item = pendingItem({
      action: {
        ...pendingItem().action,
        toolCalls: [{ tool: 'jira__add_comment', arguments: { body: 'x'.repeat(5_000) } }],
      },
    });

    // Act
    const view = editCallsModal(item);

    // Assess
    expect(view.blocks.some((block) => block.type === 'input')).toBe(false);
    expect(JSON.stringify(view.blocks)).toContain('too long to edit in Slack');
  });
});

describe('readEditSubmission on arbitrary payloads', () => {
  it('never throws: 500 malformed views come back as errors or as no calls', () => {
    // Prepare: a seeded generator, so a failure can be replayed.
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const view = submitted(editCallsModal(twoCalls), {});
    const junk = [
      null,
      undefined,
      0,
      '',
      '{',
      '[]',
      'null',
      '{"a":1}',
      [],
      {},
      { value: 3 },
      { arguments: null },
    ];
    const fields = ['callback_id', 'private_metadata', 'state', 'blocks'] as const;

    for (let run = 0; run < 500; run += 1) {
      const mutated: Record<string, unknown> = structuredClone(view);
      mutated[pick(fields)] = pick(junk);
      const values = (mutated.state as { values?: Record<string, unknown> } | undefined)?.values;
      if (values && random() < 0.5)
        values[pick(['call_0', 'call_1', 'call_99'])] = { arguments: pick(junk) };

      // Act
      const read = () => readEditSubmission(mutated);

      // Assess
      expect(read).not.toThrow();
    }
  });
});
