import { LogSettings, parseConfiguration, StoreSettings } from '@agentcore/adapters';
import { SealingKeySettings } from '@agentcore/store';
import * as z from 'zod';

/** The execute function's settings; the MCP servers and the model read their own. */
export const ExecuteConfigSchema = z.object({
  ...StoreSettings,
  ...LogSettings,
  ...SealingKeySettings,
});
export type ExecuteConfig = z.output<typeof ExecuteConfigSchema>;

export function parseExecuteConfig(
  env: Readonly<Record<string, string | undefined>>,
): ExecuteConfig {
  return parseConfiguration('execute', ExecuteConfigSchema, env);
}
