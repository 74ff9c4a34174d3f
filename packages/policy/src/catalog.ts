import {
  type ApprovalCategory,
  ApprovalCategorySchema,
  parseOrThrow,
  QualifiedToolNameSchema,
} from '@agentcore/core';
import type { TypeOfAttribute } from '@cedar-policy/cedar-wasm/nodejs';
import * as z from 'zod';
import { argumentsType } from './call-facts.js';
import { InvalidCatalogError } from './errors.js';
import type { ToolClass } from './tool-class.js';

/** The MCP tool annotations the engine reads (other annotation keys are ignored). */
export const ToolAnnotationsSchema = z.object({
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
  /** The tool's result is a secret (the servers' `agentcore/sensitive-output` marker). */
  sensitiveOutputHint: z.boolean().optional(),
});
export type ToolAnnotations = z.infer<typeof ToolAnnotationsSchema>;

/** A tool as an MCP server lists it, under its qualified `alias__tool` name. */
export const CatalogToolSchema = z.object({
  name: QualifiedToolNameSchema,
  annotations: ToolAnnotationsSchema.default({}),
  /** The tool's MCP input schema (JSON Schema), which types `context.arguments` for it. */
  inputSchema: z.record(z.string(), z.unknown()).optional(),
});
export type CatalogTool = z.infer<typeof CatalogToolSchema>;

/** An administrator's classification of a tool; wins over what the server annotates. */
export const ToolOverrideSchema = z.object({
  readOnly: z.boolean().optional(),
  destructive: z.boolean().optional(),
  idempotent: z.boolean().optional(),
  openWorld: z.boolean().optional(),
  category: ApprovalCategorySchema.optional(),
});
export type ToolOverride = z.infer<typeof ToolOverrideSchema>;

/**
 * Every tool the policies may name. A tool that only appears in `overrides` is known too, so
 * tools of a server that is not connected can still be classified and referenced.
 */
export const ToolCatalogSchema = z.object({
  tools: z.array(CatalogToolSchema).default([]),
  overrides: z.record(QualifiedToolNameSchema, ToolOverrideSchema).default({}),
});
export type ToolCatalog = z.infer<typeof ToolCatalogSchema>;
export type ToolCatalogInput = z.input<typeof ToolCatalogSchema>;

/** Cedar action groups the engine puts tools in; policies use them with `action in`. */
export const ACTION_GROUPS = {
  readOnly: 'hint:read_only',
  destructive: 'hint:destructive',
  idempotent: 'hint:idempotent',
  openWorld: 'hint:open_world',
  sensitiveOutput: 'hint:sensitive_output',
} as const;

/** The action group of the tools of one category, e.g. `category:aws_role_access`. */
export function categoryGroup(category: ApprovalCategory): string {
  return `category:${category}`;
}

/** The action group of the tools of one MCP server alias, e.g. `server:jira`. */
export function serverGroup(alias: string): string {
  return `server:${alias}`;
}

/**
 * The Cedar action evaluated when a proposed action names no tool at all. Parentheses cannot
 * occur in a tool name, so it never collides with one.
 */
export const NO_TOOL_ACTION = '(no tool)';

/**
 * How the seed's Google Admin tools are classified, for catalogs that still use the seed's
 * alias. Applied only to tools the catalog knows, beneath the administrator's overrides.
 */
export const SEED_TOOL_CLASSIFICATION: Readonly<Record<string, ToolOverride>> = {
  google_admin__list_users: { readOnly: true, category: 'other' },
  google_admin__get_user: { readOnly: true, category: 'other' },
  google_admin__get_amazon_roles: { readOnly: true, category: 'other' },
  google_admin__add_amazon_role: { destructive: false, category: 'aws_role_access' },
  google_admin__remove_amazon_role: { destructive: true, category: 'aws_role_access' },
  google_admin__add_user: { destructive: false, category: 'user_account_access' },
  google_admin__suspend_user: { destructive: true, category: 'user_account_access' },
  google_admin__unsuspend_user: { destructive: false, category: 'user_account_access' },
  google_admin__reset_user_2fa: { destructive: true, category: 'user_account_access' },
  google_admin__reset_2fa: { destructive: true, category: 'user_account_access' },
};

/** `context.arguments` of a tool whose input schema is unknown: nothing a policy can read. */
export const NO_ARGUMENTS: TypeOfAttribute<string> = { type: 'Record', attributes: {} };

export type { ToolClass };

export function serverOf(tool: string): string | undefined {
  const separator = tool.indexOf('__');
  return separator > 0 ? tool.slice(0, separator) : undefined;
}

function classify(
  name: string,
  annotations: ToolAnnotations,
  override: ToolOverride,
  inputSchema: unknown,
): ToolClass {
  // MCP's defaults: not read-only, destructive unless said otherwise, open world.
  const readOnly = override.readOnly ?? annotations.readOnlyHint ?? false;
  const destructive = !readOnly && (override.destructive ?? annotations.destructiveHint ?? true);
  const idempotent = override.idempotent ?? annotations.idempotentHint ?? false;
  const openWorld = override.openWorld ?? annotations.openWorldHint ?? true;
  const server = serverOf(name);
  const groups: string[] = [];
  if (readOnly) groups.push(ACTION_GROUPS.readOnly);
  if (destructive) groups.push(ACTION_GROUPS.destructive);
  if (idempotent) groups.push(ACTION_GROUPS.idempotent);
  if (openWorld) groups.push(ACTION_GROUPS.openWorld);
  const sensitiveOutput = annotations.sensitiveOutputHint === true;
  if (sensitiveOutput) groups.push(ACTION_GROUPS.sensitiveOutput);
  if (override.category !== undefined) groups.push(categoryGroup(override.category));
  if (server !== undefined) groups.push(serverGroup(server));
  return {
    name,
    ...(server === undefined ? {} : { server }),
    readOnly,
    destructive,
    idempotent,
    openWorld,
    sensitiveOutput,
    ...(override.category === undefined ? {} : { category: override.category }),
    groups,
    arguments: inputSchema === undefined ? NO_ARGUMENTS : argumentsType(inputSchema),
  };
}

/**
 * Classifies every tool of the catalog: MCP annotations, then the seed's classification of its
 * own tools, then the administrator's overrides, each winning over the one before.
 */
export function classifyTools(catalog: ToolCatalogInput): ReadonlyMap<string, ToolClass> {
  const parsed = parseOrThrow(ToolCatalogSchema, catalog, 'tool catalog');
  const annotations = new Map<string, ToolAnnotations>();
  const inputSchemas = new Map<string, unknown>();
  for (const tool of parsed.tools) {
    if (annotations.has(tool.name)) {
      throw new InvalidCatalogError(`tool ${tool.name} is listed twice in the catalog`);
    }
    annotations.set(tool.name, tool.annotations);
    if (tool.inputSchema !== undefined) inputSchemas.set(tool.name, tool.inputSchema);
  }
  for (const name of Object.keys(parsed.overrides)) {
    if (!annotations.has(name)) annotations.set(name, {});
  }
  const classes = new Map<string, ToolClass>();
  for (const [name, toolAnnotations] of [...annotations].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const own = parsed.overrides[name] ?? {};
    if (own.readOnly === true && own.destructive === true) {
      throw new InvalidCatalogError(`tool ${name} cannot be both read-only and destructive`);
    }
    const override: ToolOverride = { ...SEED_TOOL_CLASSIFICATION[name], ...own };
    // An administrator who decides read-only-ness decides destructiveness with it.
    if (own.readOnly !== undefined && own.destructive === undefined) delete override.destructive;
    classes.set(name, classify(name, toolAnnotations, override, inputSchemas.get(name)));
  }
  return classes;
}
