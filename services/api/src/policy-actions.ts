import { type EnginePolicy, savedPolicySources } from '@agentcore/adapters';
import { LIMITS, type ProposedAction, ProposedActionSchema, parseOrThrow } from '@agentcore/core';
import {
  type PolicyEngine,
  type PolicyProblem,
  type PolicySource,
  shadowCompare,
} from '@agentcore/policy';
import type { DynamoConfigRepository } from '@agentcore/store';
import type { ApprovalRepository, Directory, RequestedActionSchema } from '@agentcore/workflow';
import type { z } from 'zod';
import { HttpError } from './http-errors.js';
import {
  activeSet,
  type DecisionView,
  decisionView,
  draftEngine,
  errorViews,
  type PolicyErrorView,
  recentRequests,
} from './policy-views.js';
import type { Principal } from './principal.js';

// What the policy routes and the admin UI's policy page do, once: each answers the problems of an
// invalid draft as data, and each caller says them its own way (a 400, a page with the lines).

export interface PolicyActionDeps {
  policy: EnginePolicy;
  config: DynamoConfigRepository;
  approvals: ApprovalRepository;
  directory: Directory;
}

export interface Invalid {
  problems: readonly PolicyProblem[];
  sources: readonly PolicySource[];
}

export function unavailableServers(unavailable: ReadonlyMap<string, string>) {
  return [...unavailable].map(([server, reason]) => ({ server, reason }));
}

/** The active set: version 0 is the built-in one, never saved. */
export async function activePolicySources(deps: Pick<PolicyActionDeps, 'policy' | 'config'>) {
  const saved = await deps.config.latest('policies');
  if (saved) {
    return {
      version: saved.version,
      sources: savedPolicySources(saved.value),
      savedAt: saved.savedAt,
      author: saved.author,
    };
  }
  const active = await deps.policy.inForce();
  return { version: active.version, sources: [...active.sources] };
}

export async function validateDraft(
  deps: Pick<PolicyActionDeps, 'policy'>,
  sources: readonly PolicySource[],
): Promise<{ errors: PolicyErrorView[]; unavailable: { server: string; reason: string }[] }> {
  const base = await deps.policy.draftBase();
  return {
    errors: errorViews(base.engine.check(sources)),
    unavailable: unavailableServers(base.unavailable),
  };
}

export type PolicyTestInput = {
  sources?: PolicySource[] | undefined;
  request: z.output<typeof RequestedActionSchema>;
  requester?: { userId: string; groups?: string[] | undefined } | undefined;
};

async function testAction(
  deps: PolicyActionDeps,
  principal: Principal,
  input: PolicyTestInput,
): Promise<ProposedAction> {
  const { request } = input;
  const userId = input.requester?.userId ?? principal.userId;
  const groups =
    input.requester?.groups ??
    (input.requester ? await deps.directory.groupsOf(userId) : [...principal.groups]);
  const calls = request.toolCalls;
  const summary = calls ? `Run ${calls.map((call) => call.tool).join(', ')}` : request.query;
  return parseOrThrow(
    ProposedActionSchema,
    {
      requester: { userId, groups },
      origin: { source: 'api' },
      query: request.query ?? summary,
      summary: (summary ?? 'policy test').slice(0, LIMITS.summary),
      intendedTools: [...new Set(calls?.map((call) => call.tool) ?? [])],
      toolCalls: calls,
    },
    'request',
  );
}

export interface PolicyTestResult {
  decision: DecisionView;
  tools: {
    tool: string;
    callIndex?: number;
    outcome: string;
    policyIds: string[];
    defaulted: boolean;
  }[];
  policies: { version: number } | 'draft';
  unavailable: { server: string; reason: string }[];
}

/** What policy would decide for a request, with a draft set or the active one. */
export async function testPolicy(
  deps: PolicyActionDeps,
  principal: Principal,
  input: PolicyTestInput,
): Promise<PolicyTestResult | Invalid> {
  const action = await testAction(deps, principal, input);
  let engine: PolicyEngine;
  let active: { unavailable: ReadonlyMap<string, string> };
  let policies: PolicyTestResult['policies'] = 'draft';
  if (input.sources) {
    const base = await deps.policy.draftBase();
    const draft = draftEngine(base.engine, input.sources);
    if ('problems' in draft) return { problems: draft.problems, sources: input.sources };
    engine = draft.engine;
    active = base;
  } else {
    const inForce = await activeSet(deps.policy);
    engine = inForce.engine;
    active = inForce;
    policies = { version: inForce.version };
  }
  const { decision, verdicts } = engine.evaluate(action);
  return {
    decision: decisionView(decision),
    tools: verdicts.map(({ tool, callIndex, outcome, policyIds, defaulted }) => ({
      tool,
      ...(callIndex === undefined ? {} : { callIndex }),
      outcome,
      policyIds: [...policyIds],
      defaulted,
    })),
    policies,
    unavailable: unavailableServers(active.unavailable),
  };
}

export interface ReplayChange {
  requestId: string;
  summary: string;
  status?: string | undefined;
  createdAt: string;
  tools: string[];
  kind: string;
  before?: DecisionView;
  after: DecisionView;
}

/** The most recent requests decided by the draft and by the active set: those that would change. */
export async function replayDraft(
  deps: PolicyActionDeps,
  sources: readonly PolicySource[],
  limit: number,
): Promise<{ evaluated: number; activeVersion: number; changed: ReplayChange[] } | Invalid> {
  const active = await activeSet(deps.policy);
  const draft = draftEngine(active.engine, sources);
  if ('problems' in draft) return { problems: draft.problems, sources };
  const items = await recentRequests(deps.approvals, limit);
  const byId = new Map(items.map((item) => [item.requestId, item]));
  const report = shadowCompare(
    active.engine,
    draft.engine,
    items.map((item) => ({
      requestId: item.requestId,
      action: item.action,
      at: new Date(item.createdAt),
    })),
  );
  return {
    evaluated: report.total,
    activeVersion: active.version,
    changed: report.changes.map((change) => {
      const item = byId.get(change.requestId);
      return {
        requestId: change.requestId,
        summary: item?.action.summary ?? '',
        status: item?.status,
        createdAt: String(change.at),
        tools: [...change.tools],
        kind: change.kind,
        ...(change.before ? { before: decisionView(change.before) } : {}),
        after: decisionView(change.after),
      };
    }),
  };
}

/** Checks a set, then saves it as the new active version; an invalid set changes nothing. */
export async function activatePolicies(
  deps: Pick<PolicyActionDeps, 'policy' | 'config'>,
  author: string,
  sources: readonly PolicySource[],
  expectedVersion?: number,
): Promise<{ version: number } | Invalid> {
  const { engine } = await deps.policy.draftBase();
  const problems = engine.check(sources);
  if (problems.length > 0) return { problems, sources };
  const saved = await deps.config.save({
    key: 'policies',
    value: sources.map((source) => ({ ...source })),
    author,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  });
  return { version: saved.version };
}

/** Makes an earlier version active again, saved as a new version (default: the one before). */
export async function rollbackPolicies(
  deps: Pick<PolicyActionDeps, 'policy' | 'config'>,
  author: string,
  toVersionGiven?: number,
): Promise<{ version: number; restoredFrom: number } | Invalid> {
  const current = await deps.config.currentVersion('policies');
  const toVersion = toVersionGiven ?? current - 1;
  if (toVersion < 1) {
    throw new HttpError(
      409,
      'nothing_to_restore',
      current === 0
        ? 'no policy set was ever saved'
        : 'version 1 is the first saved set; activate the sources you want instead',
    );
  }
  if (toVersion >= current) {
    throw new HttpError(
      toVersion === current ? 409 : 404,
      toVersion === current ? 'already_active' : 'not_found',
      toVersion === current
        ? `version ${toVersion} is already the active one`
        : `no version ${toVersion}; the newest is ${current}`,
    );
  }
  const history = await deps.config.history('policies', current - toVersion + 1);
  const restored = history.find((version) => version.version === toVersion);
  if (!restored) throw new HttpError(404, 'not_found', `no version ${toVersion}`);
  const sources = savedPolicySources(restored.value);
  const { engine } = await deps.policy.draftBase();
  const problems = engine.check(sources);
  if (problems.length > 0) return { problems, sources };
  const saved = await deps.config.save({
    key: 'policies',
    value: sources,
    author,
    expectedVersion: current,
  });
  return { version: saved.version, restoredFrom: toVersion };
}
