import type { ApprovalRequirements } from '@agentcore/core';
import type { ApprovalSpec } from './annotations.js';

export type MergedApproval =
  | { ok: true; requirements: ApprovalRequirements }
  | { ok: false; conflict: string };

interface Approvers {
  users: readonly string[];
  groups: readonly string[];
}

function common(lists: readonly (readonly string[])[]): string[] {
  const [first, ...rest] = lists;
  if (first === undefined) return [];
  return first.filter((item) => rest.every((list) => list.includes(item)));
}

function namesSomeone(approvers: Approvers): boolean {
  return approvers.users.length > 0 || approvers.groups.length > 0;
}

/**
 * Combines what several require-approval policies say so that every one of them is satisfied.
 * Each policy stands for its own values, the defaults filling what it leaves unsaid; then the
 * largest quorum, the shortest expiry and self-approval only if all allow it. As approvers only
 * those every policy naming approvers names remain (the defaults when no policy names any); when
 * none remain the result is a conflict, never an empty list that would let anyone approve.
 */
export function mergeApproval(
  specs: readonly ApprovalSpec[],
  defaults: ApprovalRequirements,
): MergedApproval {
  const effective = (specs.length > 0 ? specs : [{}]).map((spec) => ({
    quorum: spec.quorum ?? defaults.quorum,
    expiresInSeconds: spec.expiresInSeconds ?? defaults.expiresInSeconds,
    allowSelfApproval: spec.allowSelfApproval ?? defaults.allowSelfApproval,
    approvers: { users: spec.approverUserIds ?? [], groups: spec.approverGroups ?? [] },
  }));
  // A policy naming no one leaves approvers to the policies that name some, else to the defaults.
  const restricting = effective.map((each) => each.approvers).filter(namesSomeone);
  const approvers: Approvers =
    restricting.length === 0
      ? { users: defaults.approverUserIds, groups: defaults.approverGroups }
      : {
          users: common(restricting.map((each) => each.users)),
          groups: common(restricting.map((each) => each.groups)),
        };
  if (restricting.length > 0 && !namesSomeone(approvers)) {
    const named = restricting.map((each) => [...each.users, ...each.groups].join(', '));
    return {
      ok: false,
      conflict: `the deciding policies name approvers with no one in common (${named.join(' / ')})`,
    };
  }
  return {
    ok: true,
    requirements: {
      approverUserIds: [...approvers.users],
      approverGroups: [...approvers.groups],
      quorum: Math.max(...effective.map((each) => each.quorum)),
      allowSelfApproval: effective.every((each) => each.allowSelfApproval),
      expiresInSeconds: Math.min(...effective.map((each) => each.expiresInSeconds)),
    },
  };
}
