import { parseOrThrow } from '@agentcore/core';
import {
  type ApprovalRepository,
  type Notifier,
  notifyRequester,
  StepTargetSchema,
} from '@agentcore/workflow';
import { z } from 'zod';

export const NotifyEventSchema = StepTargetSchema.extend({ step: z.literal('notify') });

export interface NotifierDeps {
  approvals: ApprovalRepository;
  notifier: Notifier;
}

/** The completion notifier: tells the requester how their request ended. */
export function createHandler(deps: NotifierDeps) {
  return async (event: unknown): Promise<null> => {
    const input = parseOrThrow(NotifyEventSchema, event, 'notify step');
    await notifyRequester(deps, input);
    return null;
  };
}
