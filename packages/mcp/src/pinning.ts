import { createHash } from 'node:crypto';
import { canonicalJson, QualifiedToolNameSchema } from '@agentcore/core';
import * as z from 'zod';

export const ToolPinSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex>');
export type ToolPin = z.infer<typeof ToolPinSchema>;

/** Pins recorded at approval time, by qualified tool name (stored as `ApprovalItem.toolPins`). */
export const ToolPinsSchema = z.record(QualifiedToolNameSchema, ToolPinSchema);
export type ToolPins = z.infer<typeof ToolPinsSchema>;

/**
 * What a pin covers: what tells the model what the tool does (name, description, input schema),
 * and the annotations policy classified it by (read-only, destructive, …).
 */
export interface PinnedDefinition {
  name: string;
  description?: string | undefined;
  inputSchema: unknown;
  annotations?: unknown;
}

/**
 * Hash of a tool's server-side name, description, input schema and annotations over canonical
 * JSON, so key order and transport (in-memory object or parsed JSON) do not change it.
 */
export function toolPin(definition: PinnedDefinition): ToolPin {
  const canonical = canonicalJson({
    name: definition.name,
    description: definition.description ?? '',
    inputSchema: definition.inputSchema,
    annotations: definition.annotations ?? {},
  });
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}
