import type { Directory } from '@agentcore/workflow';

/** Group membership from configuration (user id -> groups), for approver rules naming groups. */
export function staticDirectory(groups: Readonly<Record<string, readonly string[]>>): Directory {
  return { groupsOf: async (userId) => [...(groups[userId] ?? [])] };
}
