import type { ApprovalItem, PolicyDecision, RequestStatus } from '@agentcore/core';
import { RequestStatusSchema } from '@agentcore/core';
import {
  InvalidPolicyError,
  type PolicyEngine,
  type PolicyProblem,
  type PolicySource,
} from '@agentcore/policy';
import type { ApprovalRepository } from '@agentcore/workflow';
import { HttpError } from './http-errors.js';
import type { ApiContext } from './routing.js';

/** A decision as the policy routes show it: who may approve and how many, spelled out. */
export interface DecisionView {
  outcome: PolicyDecision['outcome'];
  reason: string;
  policyIds: string[];
  approvers?: { userIds: string[]; groups: string[] };
  quorum?: number;
  allowSelfApproval?: boolean;
  expiresInSeconds?: number;
}

export function decisionView(decision: PolicyDecision): DecisionView {
  const { approval } = decision;
  return {
    outcome: decision.outcome,
    reason: decision.reason,
    policyIds: [...decision.policyIds],
    ...(approval
      ? {
          approvers: {
            userIds: [...approval.approverUserIds],
            groups: [...approval.approverGroups],
          },
          quorum: approval.quorum,
          allowSelfApproval: approval.allowSelfApproval,
          expiresInSeconds: approval.expiresInSeconds,
        }
      : {}),
  };
}

/** One problem of a policy set, where its author wrote it. */
export interface PolicyErrorView {
  source: string;
  line: number;
  column: number;
  message: string;
  kind: PolicyProblem['kind'];
  policyId?: string;
}

export function errorViews(problems: readonly PolicyProblem[]): PolicyErrorView[] {
  return problems.map((problem) => ({
    source: problem.source,
    line: problem.line,
    column: problem.column,
    message: problem.message,
    kind: problem.kind,
    ...(problem.policyId === undefined ? {} : { policyId: problem.policyId }),
  }));
}

/** The 400 an invalid policy set gets: every problem located, and as field issues too. */
export function invalidPolicyResponse(
  c: ApiContext,
  sources: readonly PolicySource[],
  problems: readonly PolicyProblem[],
): Response {
  const errors = errorViews(problems);
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return c.json(
    {
      error: {
        code: 'invalid_policy',
        message: first
          ? `invalid policy: ${first.source}:${first.line}:${first.column}: ${first.message}${more}`
          : 'invalid policy',
        errors,
        issues: errors.map((error) => ({
          path: `sources.${Math.max(
            0,
            sources.findIndex((source) => source.name === error.source),
          )}.text`,
          message: `line ${error.line}, column ${error.column}: ${error.message}`,
        })),
        requestId: c.get('requestId'),
      },
    },
    400,
  );
}

/** A draft engine on the active one's catalog and settings, or the draft's problems. */
export function draftEngine(
  active: PolicyEngine,
  sources: readonly PolicySource[],
): { engine: PolicyEngine } | { problems: readonly PolicyProblem[] } {
  try {
    return { engine: active.withPolicies(sources) };
  } catch (error) {
    if (error instanceof InvalidPolicyError) return { problems: error.problems };
    throw error;
  }
}

/**
 * The set in force, or a 409 saying it no longer fits the tools listed now (a tool it names is
 * gone): the way out is activating a corrected set, or rolling back.
 */
export async function activeSet<T>(policy: { inForce(): Promise<T> }): Promise<T> {
  try {
    return await policy.inForce();
  } catch (error) {
    if (error instanceof InvalidPolicyError) {
      throw new HttpError(
        409,
        'active_policy_invalid',
        `the active policy set does not fit the tools listed now; activate a corrected set or roll back: ${error.message}`,
      );
    }
    throw error;
  }
}

const PAGE = 100;

/** The `limit` most recent requests whatever their status, newest first. */
export async function recentRequests(
  approvals: Pick<ApprovalRepository, 'listByStatus'>,
  limit: number,
): Promise<ApprovalItem[]> {
  const perStatus = await Promise.all(
    RequestStatusSchema.options.map((status) => newestInStatus(approvals, status, limit)),
  );
  return perStatus
    .flat()
    .sort((a, b) =>
      a.createdAt === b.createdAt
        ? b.requestId.localeCompare(a.requestId)
        : b.createdAt.localeCompare(a.createdAt),
    )
    .slice(0, limit);
}

async function newestInStatus(
  approvals: Pick<ApprovalRepository, 'listByStatus'>,
  status: RequestStatus,
  limit: number,
): Promise<ApprovalItem[]> {
  const items: ApprovalItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await approvals.listByStatus(status, {
      limit: Math.min(PAGE, limit - items.length),
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && items.length < limit);
  return items;
}
