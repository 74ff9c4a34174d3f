import {
  DirectorySettings,
  LogSettings,
  parseConfiguration,
  StateMachineSettings,
  StoreSettings,
} from '@agentcore/adapters';
import { z } from 'zod';

export const RequestsConfigSchema = z.object({
  ...StoreSettings,
  ...StateMachineSettings,
  ...DirectorySettings,
  ...LogSettings,
});
export type RequestsConfig = z.output<typeof RequestsConfigSchema>;

export function parseRequestsConfig(
  env: Readonly<Record<string, string | undefined>>,
): RequestsConfig {
  return parseConfiguration('requests', RequestsConfigSchema, env);
}
