import {
  LogSettings,
  NotifySettings,
  PolicySettings,
  parseConfiguration,
  SlackSettings,
  StoreSettings,
} from '@agentcore/adapters';
import * as z from 'zod';

/** The workflow steps function's settings; the MCP servers and the model read their own. */
export const WorkflowStepsConfigSchema = z.object({
  ...StoreSettings,
  ...NotifySettings,
  ...PolicySettings,
  ...LogSettings,
  ...SlackSettings,
});
export type WorkflowStepsConfig = z.output<typeof WorkflowStepsConfigSchema>;

export function parseWorkflowStepsConfig(
  env: Readonly<Record<string, string | undefined>>,
): WorkflowStepsConfig {
  return parseConfiguration('workflow-steps', WorkflowStepsConfigSchema, env);
}
