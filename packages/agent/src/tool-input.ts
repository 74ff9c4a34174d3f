import * as z from 'zod';

export type ParsedToolInput =
  | { readonly ok: true; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses a tool call's input once all its streamed fragments are joined. An empty input is an
 * empty object (a call without arguments streams no fragment); anything but a JSON object is
 * refused, because running a tool on a guess of what the model meant is not safe.
 */
export function parseToolInput(raw: string): ParsedToolInput {
  if (raw.trim().length === 0) return { ok: true, input: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the input is not valid JSON (${detail})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'the input is not a JSON object' };
  }
  return { ok: true, input: Object.fromEntries(Object.entries(value)) };
}

export type InputCheck = (input: Record<string, unknown>) => string | undefined;

/**
 * Builds a check of tool input against the tool's JSON Schema. Returns undefined when the
 * schema uses features zod cannot convert: the server validates its own input anyway, so the
 * call is then passed through rather than refused on our side.
 */
export function inputCheckFor(inputSchema: Record<string, unknown>): InputCheck | undefined {
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(inputSchema);
  } catch {
    return undefined;
  }
  return (input) => {
    const result = schema.safeParse(input);
    if (result.success) return undefined;
    return result.error.issues
      .map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`)
      .join('; ');
  };
}
