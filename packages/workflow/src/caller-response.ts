import { DomainError, ValidationError } from '@agentcore/core';
import { WorkflowError } from './errors.js';

export type CallerResponse<T> =
  | ({ ok: true } & T)
  | {
      ok: false;
      error: { code: string; message: string; issues?: { path: string; message: string }[] };
    };

/**
 * Expected outcomes (bad input, not allowed, already decided, not found) become an answer the
 * caller can show; anything else is an infrastructure failure and is thrown, so Lambda and the
 * state machine report and retry it. Raw errors and stacks never reach a caller.
 */
export async function toResponse<T extends object>(
  work: () => Promise<T>,
): Promise<CallerResponse<T>> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    if (error instanceof ValidationError) {
      return {
        ok: false,
        error: { code: error.code, message: error.message, issues: error.issues },
      };
    }
    if (error instanceof DomainError || error instanceof WorkflowError) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    throw error;
  }
}
