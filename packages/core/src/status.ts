import * as z from 'zod';
import { IllegalTransitionError } from './errors.js';

/**
 * Lifecycle of one request. `received`: recorded, being planned and decided by policy;
 * `pending`: waiting for approvers; the rest are named after what happened.
 */
export const RequestStatusSchema = z.enum([
  'received',
  'pending',
  'approved',
  'executing',
  'completed',
  'failed',
  'rejected',
  'expired',
  'denied',
  'cancelled',
]);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

const transitions: Record<RequestStatus, readonly RequestStatus[]> = {
  // Allowed by policy goes straight to executing; the others wait, end, or fail.
  received: ['pending', 'executing', 'denied', 'failed', 'cancelled'],
  // Denied from pending: an approver's edit made policy deny the calls.
  pending: ['approved', 'rejected', 'expired', 'denied', 'failed', 'cancelled'],
  // Expired from approved: approved in time, but execution did not start before it lapsed.
  approved: ['executing', 'expired', 'failed', 'cancelled'],
  // Received again from executing: a step ran, and the run returns to planning for the next.
  executing: ['completed', 'failed', 'received'],
  completed: [],
  failed: [],
  rejected: [],
  expired: [],
  denied: [],
  cancelled: [],
};

export const TERMINAL_STATUSES: readonly RequestStatus[] = RequestStatusSchema.options.filter(
  (status) => transitions[status].length === 0,
);

export function isTerminal(status: RequestStatus): boolean {
  return transitions[status].length === 0;
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses a request may move to `to` from; empty when nothing leads there. */
export function statusesLeadingTo(to: RequestStatus): RequestStatus[] {
  return RequestStatusSchema.options.filter((from) => transitions[from].includes(to));
}

export function assertTransition(from: RequestStatus, to: RequestStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}
