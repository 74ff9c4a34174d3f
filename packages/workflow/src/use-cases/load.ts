import { type ApprovalItem, NotFoundError } from '@agentcore/core';
import type { ApprovalRepository } from '../ports.js';

export async function loadRequest(
  approvals: ApprovalRepository,
  requestId: string,
): Promise<ApprovalItem> {
  const item = await approvals.get(requestId);
  if (!item) throw new NotFoundError('request', requestId);
  return item;
}
