import { type EnginePolicy, savedPolicySources } from '@agentcore/adapters';
import { LIMITS, type ProposedAction, ProposedActionSchema, parseOrThrow } from '@agentcore/core';
import { PolicySourceSchema, shadowCompare } from '@agentcore/policy';
import type { DynamoConfigRepository } from '@agentcore/store';
import {
  type ApprovalRepository,
  type Directory,
  RequestedActionSchema,
} from '@agentcore/workflow';
import { z } from 'zod';
import { HttpError } from '../http-errors.js';
import {
  activeSet,
  decisionView,
  draftEngine,
  errorViews,
  invalidPolicyResponse,
  recentRequests,
} from '../policy-views.js';
import type { Principal } from '../principal.js';
import type { ApiRoutes } from '../routing.js';

export interface PolicyRoutesDeps {
  policy: EnginePolicy;
  config: DynamoConfigRepository;
  approvals: ApprovalRepository;
  directory: Directory;
}

const SourcesSchema = z
  .array(PolicySourceSchema)
  .min(1)
  .max(50)
  .refine(
    (sources) => new Set(sources.map((source) => source.name)).size === sources.length,
    'each source name may appear once (problems are located by it)',
  );

const SourcesBodySchema = z.object({ sources: SourcesSchema });

const TestBodySchema = z.object({
  sources: SourcesSchema.optional(),
  request: RequestedActionSchema,
  requester: z
    .object({
      userId: z.string().trim().min(1).max(256),
      groups: z.array(z.string().trim().min(1).max(256)).max(50).optional(),
    })
    .optional(),
});

const ReplayBodySchema = z.object({
  sources: SourcesSchema,
  limit: z.number().int().min(1).max(200).default(50),
});

const ActivateBodySchema = z.object({
  sources: SourcesSchema,
  /** The version the author edited; refused (409) when a newer one was saved since. */
  expectedVersion: z.number().int().min(0).optional(),
});

const RollbackBodySchema = z.object({ toVersion: z.number().int().min(1).optional() });

const HistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

function unavailableServers(unavailable: ReadonlyMap<string, string>) {
  return [...unavailable].map(([server, reason]) => ({ server, reason }));
}

async function testAction(
  deps: PolicyRoutesDeps,
  principal: Principal,
  body: z.output<typeof TestBodySchema>,
): Promise<ProposedAction> {
  const { request } = body;
  const userId = body.requester?.userId ?? principal.userId;
  const groups =
    body.requester?.groups ??
    (body.requester ? await deps.directory.groupsOf(userId) : [...principal.groups]);
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

/** The policy set: read it, check and try drafts, activate one, roll back. Admins only. */
export function policyRoutes(routes: ApiRoutes, deps: PolicyRoutesDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/config/policies',
      summary:
        'The active policy set: its version (0: never saved, the built-in set) and its Cedar sources.',
      tag: 'policies',
      access: 'admin',
      responses: { 200: 'the active set' },
    },
    async (c) => {
      const saved = await deps.config.latest('policies');
      if (saved) {
        return c.json({
          version: saved.version,
          sources: savedPolicySources(saved.value),
          savedAt: saved.savedAt,
          author: saved.author,
        });
      }
      const active = await deps.policy.inForce();
      return c.json({ version: active.version, sources: active.sources });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/config/policies/history',
      summary: 'Saved versions of the policy set, newest first.',
      tag: 'policies',
      access: 'admin',
      query: HistoryQuerySchema,
      responses: { 200: 'the versions' },
    },
    async (c, { query }) => {
      const versions = await deps.config.history('policies', query.limit);
      return c.json({
        versions: versions.map(({ version, author, savedAt }) => ({ version, author, savedAt })),
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/config/policies/validate',
      summary:
        'Check a draft set against the tools as listed now; every problem with its line and column.',
      tag: 'policies',
      access: 'admin',
      body: SourcesBodySchema,
      responses: { 200: '{valid, errors}' },
    },
    async (c, { body }) => {
      const base = await deps.policy.draftBase();
      const errors = errorViews(base.engine.check(body.sources));
      return c.json({
        valid: errors.length === 0,
        errors,
        ...(base.unavailable.size > 0
          ? { unavailableServers: unavailableServers(base.unavailable) }
          : {}),
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/config/policies/test',
      summary:
        'What policy would decide for a request, with a draft set or the active one; the requester is you unless named.',
      tag: 'policies',
      access: 'admin',
      body: TestBodySchema,
      responses: { 200: '{decision, tools}', 400: 'invalid request or draft set' },
    },
    async (c, { principal, body }) => {
      const action = await testAction(deps, principal, body);
      const active = body.sources ? await deps.policy.draftBase() : await activeSet(deps.policy);
      let engine = active.engine;
      if (body.sources) {
        const draft = draftEngine(active.engine, body.sources);
        if ('problems' in draft) return invalidPolicyResponse(c, body.sources, draft.problems);
        engine = draft.engine;
      }
      const { decision, verdicts } = engine.evaluate(action);
      return c.json({
        decision: decisionView(decision),
        tools: verdicts.map(({ tool, callIndex, outcome, policyIds, defaulted }) => ({
          tool,
          ...(callIndex === undefined ? {} : { callIndex }),
          outcome,
          policyIds,
          defaulted,
        })),
        policies: 'version' in active ? { version: active.version } : 'draft',
        ...(active.unavailable.size > 0
          ? { unavailableServers: unavailableServers(active.unavailable) }
          : {}),
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/config/policies/replay',
      summary:
        'Decide the most recent requests (any status) with the draft and with the active set; list those that would change.',
      tag: 'policies',
      access: 'admin',
      body: ReplayBodySchema,
      responses: { 200: '{evaluated, changed}', 400: 'invalid draft set' },
    },
    async (c, { body }) => {
      const active = await activeSet(deps.policy);
      const draft = draftEngine(active.engine, body.sources);
      if ('problems' in draft) return invalidPolicyResponse(c, body.sources, draft.problems);
      const items = await recentRequests(deps.approvals, body.limit);
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
      return c.json({
        evaluated: report.total,
        activeVersion: active.version,
        changed: report.changes.map((change) => {
          const item = byId.get(change.requestId);
          return {
            requestId: change.requestId,
            summary: item?.action.summary ?? '',
            status: item?.status,
            createdAt: change.at,
            tools: change.tools,
            kind: change.kind,
            ...(change.before ? { before: decisionView(change.before) } : {}),
            after: decisionView(change.after),
          };
        }),
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/config/policies',
      summary:
        'Activate a policy set: checked first (400 with every problem, nothing changes), then saved as a new version; running functions use it from their next request.',
      tag: 'policies',
      access: 'admin',
      body: ActivateBodySchema,
      responses: {
        201: '{version}',
        400: 'invalid set; the active one is unchanged',
        409: 'expectedVersion is stale',
      },
    },
    async (c, { principal, body }) => {
      const { engine } = await deps.policy.draftBase();
      const problems = engine.check(body.sources);
      if (problems.length > 0) return invalidPolicyResponse(c, body.sources, problems);
      const saved = await deps.config.save({
        key: 'policies',
        value: body.sources,
        author: principal.userId,
        ...(body.expectedVersion === undefined ? {} : { expectedVersion: body.expectedVersion }),
      });
      return c.json({ version: saved.version }, 201);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/config/policies/rollback',
      summary:
        'Make an earlier version active again (default: the one before the active), saved as a new version; every version is kept.',
      tag: 'policies',
      access: 'admin',
      body: RollbackBodySchema,
      responses: {
        201: '{version, restoredFrom}',
        400: 'that version no longer fits the tools listed now',
        404: 'no such version',
        409: 'nothing earlier to roll back to, or a newer version was saved meanwhile',
      },
    },
    async (c, { principal, body }) => {
      const current = await deps.config.currentVersion('policies');
      const toVersion = body.toVersion ?? current - 1;
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
      if (problems.length > 0) return invalidPolicyResponse(c, sources, problems);
      const saved = await deps.config.save({
        key: 'policies',
        value: sources,
        author: principal.userId,
        expectedVersion: current,
      });
      return c.json({ version: saved.version, restoredFrom: toVersion }, 201);
    },
  );
}
