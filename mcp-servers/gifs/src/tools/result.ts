/** GIF tools only read from public services: safe to repeat, nothing to undo. */
export const READ_ONLY_OPEN_WORLD = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;
