import {
  DeploymentSettings,
  LogSettings,
  parseConfiguration,
  StateMachineSettings,
  StoreSettings,
} from '@agentcore/adapters';
import * as z from 'zod';

export const DirectInvokeConfigSchema = z.object({
  ...StoreSettings,
  ...StateMachineSettings,
  ...LogSettings,
  ...DeploymentSettings,
});
export type DirectInvokeConfig = z.output<typeof DirectInvokeConfigSchema>;

export function parseDirectInvokeConfig(
  env: Readonly<Record<string, string | undefined>>,
): DirectInvokeConfig {
  return parseConfiguration('direct-invoke', DirectInvokeConfigSchema, env);
}
