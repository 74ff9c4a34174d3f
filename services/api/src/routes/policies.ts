import { PolicySourceSchema } from '@agentcore/policy';
import { RequestedActionSchema } from '@agentcore/workflow';
import * as z from 'zod';
import {
  activatePolicies,
  activePolicySources,
  type PolicyActionDeps,
  replayDraft,
  rollbackPolicies,
  testPolicy,
  validateDraft,
} from '../policy-actions.js';
import { invalidPolicyResponse } from '../policy-views.js';
import type { ApiRoutes } from '../routing.js';

export type PolicyRoutesDeps = PolicyActionDeps;

export const SourcesSchema = z
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
    async (c) => c.json(await activePolicySources(deps)),
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
      const { errors, unavailable } = await validateDraft(deps, body.sources);
      return c.json({
        valid: errors.length === 0,
        errors,
        ...(unavailable.length > 0 ? { unavailableServers: unavailable } : {}),
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
      const result = await testPolicy(deps, principal, body);
      if ('problems' in result) return invalidPolicyResponse(c, result.sources, result.problems);
      const { unavailable, ...answer } = result;
      return c.json({
        ...answer,
        ...(unavailable.length > 0 ? { unavailableServers: unavailable } : {}),
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
      const result = await replayDraft(deps, body.sources, body.limit);
      if ('problems' in result) return invalidPolicyResponse(c, result.sources, result.problems);
      return c.json(result);
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
      const result = await activatePolicies(
        deps,
        principal.userId,
        body.sources,
        body.expectedVersion,
      );
      if ('problems' in result) return invalidPolicyResponse(c, result.sources, result.problems);
      return c.json(result, 201);
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
      const result = await rollbackPolicies(deps, principal.userId, body.toVersion);
      if ('problems' in result) return invalidPolicyResponse(c, result.sources, result.problems);
      return c.json(result, 201);
    },
  );
}
