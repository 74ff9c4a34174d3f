import {
  type ApprovalCategory,
  LIMITS,
  type OriginSchema,
  type ProposedAction,
  ProposedActionSchema,
  parseOrThrow,
  type RequesterSchema,
  ValidationError,
} from '@agentcore/core';
import type { z } from 'zod';

export interface DirectActionInput {
  readonly requester: z.input<typeof RequesterSchema>;
  readonly origin: z.input<typeof OriginSchema>;
  readonly environment?: string;
  /** Qualified `alias__tool` name. */
  readonly tool: string;
  /** The arguments as JSON text (`--args '{…}'`) or as an object. */
  readonly args: string | Record<string, unknown>;
  /** The request's own words, when it came with some; else the command is the query. */
  readonly query?: string;
  readonly category?: ApprovalCategory;
  readonly resource?: string;
}

/** Parses `--args` text: a JSON object, or a ValidationError saying what is wrong. */
export function parseDirectArgs(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ValidationError('tool arguments', [
      { path: 'args', message: `not JSON (${detail})` },
    ]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('tool arguments', [
      { path: 'args', message: 'must be a JSON object, e.g. {"email":"a@example.com"}' },
    ]);
  }
  return Object.fromEntries(Object.entries(value));
}

/**
 * The ProposedAction of a direct-mode request: exactly one named tool with its arguments, no
 * model involved. It goes through policy, approval and execution like any other action.
 */
export function directAction(input: DirectActionInput): ProposedAction {
  const args = typeof input.args === 'string' ? parseDirectArgs(input.args) : input.args;
  const command = `Run ${input.tool} with ${JSON.stringify(args)}`;
  return parseOrThrow(
    ProposedActionSchema,
    {
      requester: input.requester,
      origin: input.origin,
      query: input.query?.trim() ? input.query : command.slice(0, LIMITS.query),
      summary: command.slice(0, LIMITS.summary),
      intendedTools: [input.tool],
      toolCalls: [{ tool: input.tool, arguments: args }],
      ...(input.environment === undefined ? {} : { environment: input.environment }),
      ...(input.category === undefined ? {} : { category: input.category }),
      ...(input.resource === undefined ? {} : { resource: input.resource }),
    },
    'direct action',
  );
}
