import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

// The policy engine reads these hints (read-only calls are allowed, writes need approval), so a
// tool's kind is stated once here rather than spelled out again in each server.

/** Reads only; repeating it changes nothing. */
export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** A write that adds or restores something; repeating it changes nothing more. */
export const ADDITIVE_WRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** A write that adds another thing on every call (an event and its invitations, a file). */
export const CREATING_WRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
};

/** A write that takes something away or replaces what is there; a repeat changes nothing more. */
export const DESTRUCTIVE_WRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: false,
};
