import { createHash } from 'node:crypto';
import type { QualifiedToolName } from '@agentcore/core';
import * as z from 'zod';
import { ToolNameError } from './errors.js';

const MAX_QUALIFIED_LENGTH = 64;
const MAX_ALIAS_LENGTH = 32;
const SEPARATOR = '__';
const DIGEST_LENGTH = 8;
const PLAIN_TOOL_NAME = /^[A-Za-z0-9_-]+$/;
const QUALIFIED_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ALIAS = /^[A-Za-z0-9-]+(?:_[A-Za-z0-9-]+)*$/;
const ALIAS_RULE = 'must be letters, digits and -, optionally joined by single underscores';

/**
 * A server alias: letters, digits and `-`, in parts joined by single underscores. An alias never
 * contains `__` and never starts or ends with `_`, so the first `__` of a qualified name is always
 * the separator.
 */
export const ServerAliasSchema = z.string().max(MAX_ALIAS_LENGTH).regex(ALIAS, ALIAS_RULE);
export type ServerAlias = z.infer<typeof ServerAliasSchema>;

/**
 * The wire name of a server's tool: `alias__tool`. Tool names that are not valid Bedrock names
 * (characters outside `[A-Za-z0-9_-]`) or would make the name longer than 64 characters get a
 * deterministic form instead: `alias__<sanitised prefix>_<first 8 hex of sha256(tool)>`. The
 * mapping depends only on alias and tool name, so it is the same at approval and at execution.
 */
export function qualifyToolName(alias: string, toolName: string): QualifiedToolName {
  assertAlias(alias);
  if (toolName.length === 0) throw new ToolNameError(`${alias}/`, 'the tool name is empty');
  const plain = `${alias}${SEPARATOR}${toolName}`;
  if (PLAIN_TOOL_NAME.test(toolName) && plain.length <= MAX_QUALIFIED_LENGTH) return plain;
  const digest = createHash('sha256')
    .update(toolName, 'utf8')
    .digest('hex')
    .slice(0, DIGEST_LENGTH);
  const room = MAX_QUALIFIED_LENGTH - alias.length - SEPARATOR.length - 1 - DIGEST_LENGTH;
  const stem = toolName.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, room);
  return `${alias}${SEPARATOR}${stem}_${digest}`;
}

/** `alias/tool`, the form shown to people. */
export function displayToolName(alias: string, toolName: string): string {
  return `${alias}/${toolName}`;
}

/**
 * Turns either form into the wire name: `alias__tool` is checked and returned as is,
 * `alias/tool` (the server's own tool name after the first `/`) is qualified.
 */
export function toQualifiedToolName(name: string): QualifiedToolName {
  const slash = name.indexOf('/');
  if (slash >= 0) return qualifyToolName(name.slice(0, slash), name.slice(slash + 1));
  // Core's QualifiedToolNameSchema rule as a bare regex: this runs on every call.
  if (!QUALIFIED_NAME.test(name)) {
    throw new ToolNameError(
      name,
      'expected alias__tool (1-64 letters, digits, _ or -) or alias/tool',
    );
  }
  aliasOf(name);
  return name;
}

/** The alias part of a qualified name (everything before the first `__`). */
export function aliasOf(qualified: string): string {
  const at = qualified.indexOf(SEPARATOR);
  if (at <= 0 || at + SEPARATOR.length >= qualified.length) {
    throw new ToolNameError(qualified, 'expected alias__tool');
  }
  const alias = qualified.slice(0, at);
  assertAlias(alias, qualified);
  return alias;
}

function assertAlias(alias: string, input = alias): void {
  const parsed = ServerAliasSchema.safeParse(alias);
  if (!parsed.success) {
    throw new ToolNameError(
      input,
      `alias '${alias}' ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
    );
  }
}
