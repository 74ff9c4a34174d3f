import {
  type ProposedAction,
  type ProposedActionInput,
  ProposedActionSchema,
} from '@agentcore/core';

/** A valid proposed action; the fields a test cares about are passed in. */
export function proposedAction(fields: Partial<ProposedActionInput> = {}): ProposedAction {
  return ProposedActionSchema.parse({
    requester: { userId: 'U_REQUESTER', groups: [] },
    origin: { source: 'slack', channelId: 'C_OPS' },
    query: 'do the thing',
    summary: 'do the thing',
    ...fields,
  });
}

/** The instant every test decides at unless it says otherwise: a Wednesday, 10:00 UTC. */
export const NOW = new Date('2025-01-15T10:00:00Z');

export const fixedClock = () => NOW;
