import {
  ApprovalWindowSettings,
  LogSettings,
  parseConfiguration,
  StoreSettings,
} from '@agentcore/adapters';
import * as z from 'zod';

export const DecisionSweeperConfigSchema = z.object({
  ...StoreSettings,
  ...ApprovalWindowSettings,
  ...LogSettings,
  /** How old a decision must be before the sweeper takes it to have been lost on its way. */
  SWEEP_GRACE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(60),
});
export type DecisionSweeperConfig = z.output<typeof DecisionSweeperConfigSchema>;

export function parseDecisionSweeperConfig(
  env: Readonly<Record<string, string | undefined>>,
): DecisionSweeperConfig {
  return parseConfiguration('decision-sweeper', DecisionSweeperConfigSchema, env);
}
