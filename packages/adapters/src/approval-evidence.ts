import type { ApprovalEvidence } from '@agentcore/workflow';

/** The audit repository, as far as reading a request's chain and verifying it go. */
export interface VerifiableAuditLog {
  verifiedList(streamId: string): Promise<{
    verification: { ok: true } | { ok: false; reason: string };
    events: { type: string; data: Record<string, unknown> }[];
  }>;
}

/**
 * What the keyed chain recorded as approved: the chain is verified (MACs, links, anchored end)
 * before the settling decision's digest is believed.
 */
export function chainedApprovalEvidence(audit: VerifiableAuditLog): ApprovalEvidence {
  return {
    async approvedDigest(requestId) {
      // One read of the stream: the events believed are the ones verified.
      const { verification, events } = await audit.verifiedList(requestId);
      if (!verification.ok) return { verified: false, reason: verification.reason };
      const decided = events.findLast((event) => event.type === 'request.decided');
      const digest = decided?.data.approvedDigest;
      return { verified: true, digest: typeof digest === 'string' ? digest : undefined };
    },
  };
}
