import type { ApprovalCategory, ProposedAction } from '@agentcore/core';
import type {
  CedarValueJson,
  Context,
  EntityJson,
  EntityUid,
} from '@cedar-policy/cedar-wasm/nodejs';
import { callFacts, cedarArguments } from './call-facts.js';
import { NO_ARGUMENTS, NO_TOOL_ACTION, serverOf, type ToolClass } from './catalog.js';
import { ENTITY_TYPES } from './cedar-schema.js';
import { toCedarDecimal } from './decimal.js';
import { ANY, type PolicyNeeds, uidKey } from './policy-analysis.js';

/** One Cedar evaluation: one exact call with its arguments, or a tool asked for without a call. */
export interface Evaluation {
  tool: string;
  /** Index into `action.toolCalls` when the evaluation carries that call's arguments. */
  callIndex?: number;
  actionId: string;
  actionKeys: readonly string[];
  actionEntity?: EntityJson;
  /** `Resource::"<the resource derived from the call's arguments>"` (empty id without one). */
  resource: EntityUid;
  resourceEntity?: EntityJson;
  context: Context;
}

/** The request-wide parts of the Cedar requests of one proposed action. */
export interface RequestFacts {
  principal: EntityUid;
  principalEntity: EntityJson;
  principalKeys: readonly string[];
  evaluations: readonly Evaluation[];
}

/** What the deployment, not the request, decides about every evaluation. */
export interface Deployment {
  /** The deployment's environment (`context.environment`), from its configuration. */
  environment: string;
  riskWeights: Readonly<Record<ApprovalCategory, number>>;
}

interface ActionParts {
  keys: readonly string[];
  entity?: EntityJson;
}

// The index keys and entity of a catalog tool never change, and every request needs them.
const actionPartsCache = new WeakMap<ToolClass, ActionParts>();

function actionParts(actionId: string, toolClass: ToolClass | undefined): ActionParts {
  const cached = toolClass && actionPartsCache.get(toolClass);
  if (cached) return cached;
  const groups = toolClass?.groups ?? [];
  const parts: ActionParts = {
    keys: [ANY, `eq:${actionId}`, `in:${actionId}`, ...groups.map((group) => `in:${group}`)],
  };
  if (groups.length > 0) {
    parts.entity = {
      uid: { type: 'Action', id: actionId },
      attrs: {},
      parents: groups.map((id) => ({ type: 'Action', id })),
    };
  }
  if (toolClass) actionPartsCache.set(toolClass, parts);
  return parts;
}

function tagValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function argumentTags(args: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(args)) {
    const text = tagValue(value);
    if (text !== undefined) tags[key] = text;
  }
  return tags;
}

/** The tools an action will use: the intended ones, then any planned call's tool not among them. */
export function toolsOf(action: ProposedAction): string[] {
  const tools = new Set(action.intendedTools);
  for (const call of action.toolCalls ?? []) tools.add(call.tool);
  return [...tools];
}

/**
 * Builds the Cedar requests for a proposed action: one per exact call, with its arguments, plus
 * one per tool asked for without a call, or a single no-tool request when it names no tool.
 * Category, resource, amount and environment come from the tools' classification, the calls'
 * arguments and the deployment; the action's own fields of those names are never read, since
 * whoever submits the request could set them.
 */
export function requestFacts(
  action: ProposedAction,
  tools: ReadonlyMap<string, ToolClass>,
  deployment: Deployment,
  now: Date,
): RequestFacts {
  const { requester } = action;
  const principal = { type: ENTITY_TYPES.user, id: requester.userId };
  const toolNames = toolsOf(action);
  const base: Context = {
    environment: deployment.environment,
    source: action.origin.source,
    tools: toolNames,
    now: { __extn: { fn: 'datetime', arg: now.toISOString() } },
    hourUtc: now.getUTCHours(),
    weekdayUtc: now.getUTCDay(),
  };
  if (action.origin.channelId !== undefined) base.channel = action.origin.channelId;
  const evaluations: Evaluation[] = [];
  const add = (tool: string, actionId: string, callIndex?: number) => {
    const toolClass = tools.get(tool);
    const server = serverOf(tool);
    const args = callIndex === undefined ? undefined : action.toolCalls?.[callIndex]?.arguments;
    const facts = callFacts(toolClass, args);
    const context: Context = {
      ...base,
      category: facts.category,
      riskWeight: deployment.riskWeights[facts.category],
      tool,
      arguments: cedarArguments(args, toolClass?.arguments ?? NO_ARGUMENTS),
    };
    if (server !== undefined) context.server = server;
    if (facts.resource !== undefined) context.resource = facts.resource;
    if (facts.amount !== undefined) {
      context.amount = { __extn: { fn: 'decimal', arg: toCedarDecimal(facts.amount) } };
    }
    const resource = { type: ENTITY_TYPES.resource, id: facts.resource ?? '' };
    const parts = actionParts(actionId, toolClass);
    const evaluation: Evaluation = { tool, actionId, actionKeys: parts.keys, resource, context };
    if (callIndex !== undefined) evaluation.callIndex = callIndex;
    if (parts.entity !== undefined) evaluation.actionEntity = parts.entity;
    if (args !== undefined && Object.keys(args).length > 0) {
      evaluation.resourceEntity = {
        uid: resource,
        attrs: {},
        parents: [],
        tags: argumentTags(args),
      };
    }
    evaluations.push(evaluation);
  };
  for (const tool of toolNames) {
    const calls = (action.toolCalls ?? []).flatMap((call, index) =>
      call.tool === tool ? [index] : [],
    );
    if (calls.length === 0) add(tool, tool);
    for (const index of calls) add(tool, tool, index);
  }
  if (evaluations.length === 0) add(NO_TOOL_ACTION, NO_TOOL_ACTION);
  const attrs: Record<string, CedarValueJson> = {};
  if (requester.email !== undefined) attrs.email = requester.email;
  return {
    principal,
    principalEntity: {
      uid: principal,
      attrs,
      parents: requester.groups.map((id) => ({ type: ENTITY_TYPES.group, id })),
    },
    principalKeys: [
      ANY,
      `is:${ENTITY_TYPES.user}`,
      `eq:${uidKey(ENTITY_TYPES.user, requester.userId)}`,
      `in:${uidKey(ENTITY_TYPES.user, requester.userId)}`,
      ...requester.groups.map((group) => `in:${uidKey(ENTITY_TYPES.group, group)}`),
    ],
    evaluations,
  };
}

/** The context cut down to what the evaluated policies read. */
export function contextFor(evaluation: Evaluation, needs: PolicyNeeds): Context {
  if (needs.context === 'all') return evaluation.context;
  const context: Context = {};
  for (const name of needs.context) {
    const value = evaluation.context[name];
    if (value !== undefined) context[name] = value;
  }
  return context;
}

/** The entities the evaluated policies can look at. */
export function entitiesFor(
  facts: RequestFacts,
  evaluation: Evaluation,
  needs: PolicyNeeds,
): EntityJson[] {
  const entities: EntityJson[] = [];
  if (needs.principal) entities.push(facts.principalEntity);
  if (needs.action && evaluation.actionEntity !== undefined) entities.push(evaluation.actionEntity);
  if (needs.resource && evaluation.resourceEntity !== undefined)
    entities.push(evaluation.resourceEntity);
  return entities;
}
