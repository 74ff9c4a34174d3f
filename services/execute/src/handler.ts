import { parseOrThrow } from '@agentcore/core';
import { type ExecuteDeps, ExecuteInputSchema, executeRequest } from '@agentcore/workflow';
import { z } from 'zod';

/** The state machine's Execute step; operators re-drive through the direct-invoke function. */
export const ExecuteEventSchema = ExecuteInputSchema.extend({ step: z.literal('execute') });

/** The execute function: runs the request its execution carries, exactly as allowed. */
export function createHandler(deps: ExecuteDeps) {
  return async (event: unknown): Promise<null> => {
    const input = parseOrThrow(ExecuteEventSchema, event, 'execute step');
    await executeRequest(deps, input);
    return null;
  };
}
