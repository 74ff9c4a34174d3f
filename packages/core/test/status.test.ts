import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  canTransition,
  IllegalTransitionError,
  isTerminal,
  type RequestStatus,
  RequestStatusSchema,
  statusesLeadingTo,
  TERMINAL_STATUSES,
} from '../src/index.js';

const legal: [RequestStatus, RequestStatus][] = [
  ['received', 'pending'],
  ['received', 'executing'],
  ['received', 'denied'],
  ['received', 'failed'],
  ['received', 'cancelled'],
  ['pending', 'approved'],
  ['pending', 'rejected'],
  ['pending', 'expired'],
  ['pending', 'denied'],
  ['pending', 'failed'],
  ['pending', 'cancelled'],
  ['approved', 'executing'],
  ['approved', 'expired'],
  ['approved', 'failed'],
  ['approved', 'cancelled'],
  ['executing', 'completed'],
  ['executing', 'failed'],
  // A step ran and the request goes back to planning for its next one.
  ['executing', 'received'],
];

describe('request status transitions', () => {
  const all = RequestStatusSchema.options;
  const pairs = all.flatMap((from) => all.map((to) => [from, to] as const));

  it.each(pairs)('%s -> %s is legal only if listed', (from, to) => {
    // Act
    const allowed = canTransition(from, to);

    // Assess
    const listed = legal.some(([f, t]) => f === from && t === to);
    expect(allowed).toBe(listed);
    if (listed) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it('has exactly the terminal statuses that end a request', () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual(
      ['cancelled', 'completed', 'denied', 'expired', 'failed', 'rejected'].sort(),
    );
    for (const status of TERMINAL_STATUSES) expect(isTerminal(status)).toBe(true);
    expect(isTerminal('pending')).toBe(false);
  });

  it('never leaves a terminal status, and returns to received only from a step that ran', () => {
    for (const status of TERMINAL_STATUSES) {
      for (const to of all) expect(canTransition(status, to)).toBe(false);
    }
    expect(statusesLeadingTo('received')).toEqual(['executing']);
    expect(statusesLeadingTo('approved')).toEqual(['pending']);
  });

  it('names both ends in the error', () => {
    expect(() => assertTransition('completed', 'executing')).toThrow(
      'a request cannot move from completed to executing',
    );
  });
});
