import { createHash } from 'node:crypto';
import { type ExecutionResult, LIMITS } from '@agentcore/core';

/**
 * What the outputs and errors of one result may take together, in UTF-8 bytes: with the rest of
 * the request this keeps the final write well inside DynamoDB's 400 KB item.
 */
export const RESULT_TEXT_BUDGET_BYTES = 200_000;

/**
 * What the outputs of a step that ran before the current one keep, in UTF-8 bytes: enough for
 * the planner of the next step and for people; with MAX_STEPS - 1 of them and the current
 * result, the request still fits its item.
 */
export const EARLIER_STEP_BUDGET_BYTES = 30_000;

const encoder = new TextEncoder();

function bytesOf(text: string): number {
  return encoder.encode(text).length;
}

/** `text` cut to `maxBytes`, ending with a marker that says how long it was and its digest. */
export function truncateText(text: string, maxBytes: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  const digest = createHash('sha256').update(bytes).digest('hex');
  const marker = `…[truncated: ${bytes.length} bytes, sha256 ${digest}]`;
  const keep = Math.max(0, maxBytes - bytesOf(marker));
  // A cut inside a multi-byte character decodes to U+FFFD: drop it rather than store a wrong one.
  const head = Buffer.from(bytes.subarray(0, keep))
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return `${head}${marker}`;
}

/**
 * Shares `budget` among texts: short ones keep all they need, the rest split what is left
 * equally (water-filling), so one huge output cannot starve the others.
 */
function shares(sizes: readonly number[], budget: number): number[] {
  const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => a.size - b.size);
  const caps = new Array<number>(sizes.length).fill(0);
  let left = budget;
  for (const [position, { size, index }] of order.entries()) {
    const fair = Math.floor(left / (order.length - position));
    caps[index] = Math.min(size, fair);
    left -= caps[index];
  }
  return caps;
}

/**
 * The result with every output (each call's and the run's) capped so that together they fit
 * the budget and each fits the stored schema; what was cut is named by the marker.
 */
export function boundResult(
  result: ExecutionResult,
  budget = RESULT_TEXT_BUDGET_BYTES,
): ExecutionResult {
  const texts = [result.output, ...result.toolCalls.map((call) => call.output ?? '')];
  const caps = shares(texts.map(bytesOf), budget).map((cap) => Math.min(cap, LIMITS.output));
  const [outputCap = 0, ...callCaps] = caps;
  return {
    ...result,
    output: truncateText(result.output, outputCap),
    toolCalls: result.toolCalls.map((call, index) =>
      call.output === undefined
        ? call
        : { ...call, output: truncateText(call.output, callCaps[index] ?? 0) },
    ),
  };
}
