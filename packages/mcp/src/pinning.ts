import { createHash } from 'node:crypto';
import { QualifiedToolNameSchema } from '@agentcore/core';
import { z } from 'zod';

export const ToolPinSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex>');
export type ToolPin = z.infer<typeof ToolPinSchema>;

/** Pins recorded at approval time, by qualified tool name (stored as `ApprovalItem.toolPins`). */
export const ToolPinsSchema = z.record(QualifiedToolNameSchema, ToolPinSchema);
export type ToolPins = z.infer<typeof ToolPinsSchema>;

/** What a pin covers: the parts of a tool definition that tell the model what the tool does. */
export interface PinnedDefinition {
  name: string;
  description?: string | undefined;
  inputSchema: unknown;
}

/**
 * Hash of a tool's server-side name, description and input schema over canonical JSON, so key
 * order and transport (in-memory object or parsed JSON) do not change it.
 */
export function toolPin(definition: PinnedDefinition): ToolPin {
  const canonical = canonicalJson({
    name: definition.name,
    description: definition.description ?? '',
    inputSchema: definition.inputSchema,
  });
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}

/** JSON with object keys sorted at every level; `undefined` members are dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, member]) => member !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, member]) => [key, sortKeys(member)]));
}
