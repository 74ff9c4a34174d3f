import { ApprovalCategorySchema } from '@agentcore/core';
import type { ActionType, SchemaJson, TypeOfAttribute } from '@cedar-policy/cedar-wasm/nodejs';
import {
  ACTION_GROUPS,
  categoryGroup,
  NO_ARGUMENTS,
  NO_TOOL_ACTION,
  serverGroup,
  type ToolClass,
} from './catalog.js';

/** Entity type names policies use: `User::"U123"`, `Group::"secops"`, `Resource::"arn:…"`. */
export const ENTITY_TYPES = { user: 'User', group: 'Group', resource: 'Resource' } as const;

/**
 * The request context every policy can read. Optional attributes need `context has …` first,
 * which the validator enforces.
 */
const CONTEXT_ATTRIBUTE_TYPES: Record<string, TypeOfAttribute<string>> = {
  category: { type: 'String' },
  riskWeight: { type: 'Long' },
  environment: { type: 'String' },
  source: { type: 'String' },
  channel: { type: 'String', required: false },
  resource: { type: 'String', required: false },
  amount: { type: 'Extension', name: 'decimal', required: false },
  tool: { type: 'String' },
  server: { type: 'String', required: false },
  tools: { type: 'Set', element: { type: 'String' } },
  // Each tool's own record type (from its input schema) replaces this empty one in its action.
  arguments: { type: 'Record', attributes: {} },
  now: { type: 'Extension', name: 'datetime' },
  hourUtc: { type: 'Long' },
  weekdayUtc: { type: 'Long' },
};

/** Names of the context attributes, in schema order. */
export const CONTEXT_ATTRIBUTES = Object.keys(CONTEXT_ATTRIBUTE_TYPES);

/** Every action group the schema declares for these tools, sorted. */
export function actionGroups(classes: ReadonlyMap<string, ToolClass>): string[] {
  const groups = new Set<string>(Object.values(ACTION_GROUPS));
  for (const category of ApprovalCategorySchema.options) groups.add(categoryGroup(category));
  for (const tool of classes.values()) {
    if (tool.server !== undefined) groups.add(serverGroup(tool.server));
  }
  return [...groups].sort();
}

/**
 * The Cedar schema for a tool catalog: one action per tool (plus the no-tool action), grouped
 * by MCP hint, category and server, all applying to `User` on `Resource` with the request context,
 * whose `arguments` record is typed per tool from its input schema.
 */
export function buildCedarSchema(classes: ReadonlyMap<string, ToolClass>): SchemaJson<string> {
  const appliesTo: ActionType<string>['appliesTo'] = {
    principalTypes: [ENTITY_TYPES.user],
    resourceTypes: [ENTITY_TYPES.resource],
    context: { type: 'RequestContext' },
  };
  const actions: Record<string, ActionType<string>> = {};
  for (const group of actionGroups(classes)) actions[group] = {};
  actions[NO_TOOL_ACTION] = { appliesTo };
  for (const tool of classes.values()) {
    if (tool.arguments === NO_ARGUMENTS) {
      actions[tool.name] = { memberOf: tool.groups.map((id) => ({ id })), appliesTo };
      continue;
    }
    const context: TypeOfAttribute<string> = {
      type: 'Record',
      attributes: { ...CONTEXT_ATTRIBUTE_TYPES, arguments: tool.arguments },
    };
    actions[tool.name] = {
      memberOf: tool.groups.map((id) => ({ id })),
      appliesTo: { ...appliesTo, context },
    };
  }
  return {
    '': {
      commonTypes: { RequestContext: { type: 'Record', attributes: CONTEXT_ATTRIBUTE_TYPES } },
      entityTypes: {
        [ENTITY_TYPES.user]: {
          memberOfTypes: [ENTITY_TYPES.group],
          shape: {
            type: 'Record',
            attributes: { email: { type: 'String', required: false } },
          },
        },
        [ENTITY_TYPES.group]: {},
        // Tags carry the arguments of the tool call being decided, as strings.
        [ENTITY_TYPES.resource]: { tags: { type: 'String' } },
      },
      actions,
    },
  };
}
