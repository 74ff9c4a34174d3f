import {
  type FoundationParts,
  functionFoundation,
  SfnTaskTokens,
  stepFunctionsClient,
} from '@agentcore/adapters';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { parseDecisionSweeperConfig } from './config.js';
import type { DecisionSweeperDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface DecisionSweeperParts extends FoundationParts {
  sfn?: SFNClient;
}

/** Builds the decision sweeper's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: DecisionSweeperParts = {},
): DecisionSweeperDeps {
  const config = parseDecisionSweeperConfig(env);
  const { telemetry, stores, target, clock } = functionFoundation(
    'decision-sweeper',
    config,
    env,
    parts,
  );
  return {
    telemetry,
    approvals: stores.approvals,
    tokens: new SfnTaskTokens(parts.sfn ?? stepFunctionsClient(target)),
    clock,
    options: {
      graceSeconds: config.SWEEP_GRACE_SECONDS,
      maxApprovalSeconds: config.MAX_APPROVAL_SECONDS,
    },
  };
}
