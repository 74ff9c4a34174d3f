import * as z from 'zod';

/** The seed's memory size: the last six turns (SEED-SPEC 2.7). */
export const SHORT_TERM_MEMORY_TURNS = 6;
const RECAP_CONTENT_CHARS = 500;

export const MemoryTurnSchema = z.object({
  role: z.string().trim().min(1).max(64),
  content: z.string(),
});
export type MemoryTurn = z.infer<typeof MemoryTurnSchema>;

/** The recent turns of a conversation, oldest first. Stored as JSON wherever sessions live. */
export const ShortTermMemorySchema = z.array(MemoryTurnSchema);
export type ShortTermMemory = readonly MemoryTurn[];

/**
 * Adds a turn and keeps only the newest `maxTurns`. Returns a new memory; the given one is not
 * changed, so a stored memory is only replaced when the caller saves the result.
 */
export function remember(
  memory: ShortTermMemory,
  turn: MemoryTurn,
  maxTurns: number = SHORT_TERM_MEMORY_TURNS,
): ShortTermMemory {
  if (!Number.isInteger(maxTurns) || maxTurns < 1) {
    throw new RangeError('maxTurns must be a positive whole number');
  }
  return [...memory, turn].slice(-maxTurns);
}

/**
 * The seed's recap text put before a request: a header line, then `- role: content` per turn,
 * each content trimmed and cut to 500 characters plus `...`. Empty memory gives ''.
 */
export function memoryRecap(memory: ShortTermMemory): string {
  if (memory.length === 0) return '';
  const lines = memory.map(({ role, content }) => {
    const trimmed = content.trim();
    const shown =
      trimmed.length > RECAP_CONTENT_CHARS
        ? `${trimmed.slice(0, RECAP_CONTENT_CHARS)}...`
        : trimmed;
    return `- ${role}: ${shown}`;
  });
  return ['Context recap (recent messages):', ...lines].join('\n');
}
