import type { Directory } from '@agentcore/workflow';

/** Group membership from configuration (user id -> groups), for approver rules naming groups. */
export function staticDirectory(groups: Readonly<Record<string, readonly string[]>>): Directory {
  // Own keys only: an id such as `constructor` must not find Object.prototype's members.
  return {
    groupsOf: async (userId) => (Object.hasOwn(groups, userId) ? [...(groups[userId] ?? [])] : []),
  };
}
