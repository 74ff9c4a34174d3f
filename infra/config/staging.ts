import type { EnvironmentConfigInput } from './schema.js';

/** Production's rehearsal: the guardrail on, data kept. */
export const staging: EnvironmentConfigInput = {
  name: 'staging',
  tablePrefix: 'agentcore-staging',
  lambda: { memoryMb: 512, timeoutSeconds: 60 },
  // Event streams stay open up to 14 minutes (api-stream). The state machine gives Plan 120 s and Execute 900 s.
  timeouts: { 'workflow-steps': 120, execute: 900, 'api-stream': 900 },
  logRetentionDays: 30,
  approval: { maxSeconds: 3 * 3_600 },
  workflow: { executionTimeoutSeconds: 4 * 3_600 },
  model: {
    provider: 'bedrock',
    modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    guardrail: true,
  },
  vpc: { mode: 'none' },
  protectData: true,
};
