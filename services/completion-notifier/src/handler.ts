import { observeInvocation, type Telemetry } from '@agentcore/adapters';
import { parseOrThrow } from '@agentcore/core';
import {
  type ApprovalRepository,
  type Notifier,
  notifyRequester,
  StepTargetSchema,
} from '@agentcore/workflow';
import * as z from 'zod';

export const NotifyEventSchema = StepTargetSchema.extend({ step: z.literal('notify') });

export interface NotifierDeps {
  approvals: ApprovalRepository;
  notifier: Notifier;
  telemetry: Telemetry;
}

/** The completion notifier: tells the requester how their request ended. */
export function createHandler(deps: NotifierDeps) {
  return (event: unknown): Promise<null> =>
    observeInvocation(deps.telemetry, event, async () => {
      const input = parseOrThrow(NotifyEventSchema, event, 'notify step');
      await notifyRequester(deps, input);
      return null;
    });
}
