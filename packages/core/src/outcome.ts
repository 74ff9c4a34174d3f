import * as z from 'zod';

/** What policy says about a proposed action; stored in this canonical form only. */
export const PolicyOutcomeSchema = z.enum(['allow', 'require_approval', 'deny']);
export type PolicyOutcome = z.infer<typeof PolicyOutcomeSchema>;

/** What an approver said. */
export const DecisionVerdictSchema = z.enum(['approved', 'rejected']);
export type DecisionVerdict = z.infer<typeof DecisionVerdictSchema>;

// Spellings found in the seed's items, tests and Slack action ids, compared case-insensitively.
const outcomeSpellings: Record<string, PolicyOutcome> = {
  allow: 'allow',
  allowed: 'allow',
  approve: 'allow',
  approved: 'allow',
  deny: 'deny',
  denied: 'deny',
  reject: 'deny',
  rejected: 'deny',
  pending: 'require_approval',
  require_approval: 'require_approval',
  'approval required': 'require_approval',
};

function normalise(spelling: string): string {
  return spelling.trim().toLowerCase();
}

/** Reads any of the seed's outcome spellings; undefined when it is none of them. */
export function parsePolicyOutcome(spelling: string): PolicyOutcome | undefined {
  return outcomeSpellings[normalise(spelling)];
}

/** Reads an approver's answer in the seed's spellings (`Approved`, `approve`, `Denied`, `reject`, …). */
export function parseDecisionVerdict(spelling: string): DecisionVerdict | undefined {
  const outcome = outcomeSpellings[normalise(spelling)];
  if (outcome === 'allow') return 'approved';
  if (outcome === 'deny') return 'rejected';
  return undefined;
}

/** Accepts every seed spelling on input and yields the canonical outcome. */
export const PolicyOutcomeInputSchema = z.string().transform((spelling, ctx) => {
  const outcome = parsePolicyOutcome(spelling);
  if (outcome === undefined) {
    ctx.addIssue({ code: 'custom', message: `unknown outcome "${spelling}"` });
    return z.NEVER;
  }
  return outcome;
});

const seedApprovalStatus: Record<PolicyOutcome, string> = {
  allow: 'Approved',
  require_approval: 'Approval Required',
  deny: 'Denied',
};

/** The seed's `approval_status` string, for consumers that still read the old contract. */
export function toSeedApprovalStatus(outcome: PolicyOutcome): string {
  return seedApprovalStatus[outcome];
}
