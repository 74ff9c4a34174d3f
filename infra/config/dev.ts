import type { EnvironmentConfigInput } from './schema.js';

/** A developer's deployment: small functions, no guardrail, data that may be thrown away. */
export const dev: EnvironmentConfigInput = {
  name: 'dev',
  tablePrefix: 'agentcore-dev',
  lambda: { memoryMb: 256, timeoutSeconds: 30 },
  // Event streams stay open up to 14 minutes (api-stream). The state machine gives Plan 120 s, Notify 60 s and Execute 900 s.
  timeouts: { 'workflow-steps': 120, 'completion-notifier': 60, execute: 900, 'api-stream': 900 },
  logRetentionDays: 14,
  approval: { maxSeconds: 3_600 },
  workflow: { executionTimeoutSeconds: 2 * 3_600 },
  model: {
    provider: 'bedrock',
    modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    guardrail: false,
  },
  vpc: { mode: 'none' },
  protectData: false,
};
