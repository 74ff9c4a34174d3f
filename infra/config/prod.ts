import type { EnvironmentConfigInput } from './schema.js';

/** Production: larger functions, the guardrail on, in a private network, data protected. */
export const prod: EnvironmentConfigInput = {
  name: 'prod',
  tablePrefix: 'agentcore-prod',
  lambda: { memoryMb: 1_024, timeoutSeconds: 120 },
  // Event streams stay open up to 14 minutes (api-stream). The state machine gives Execute 900 s.
  timeouts: { execute: 900, 'api-stream': 900 },
  logRetentionDays: 365,
  approval: { maxSeconds: 3 * 3_600 },
  workflow: { executionTimeoutSeconds: 4 * 3_600 },
  model: {
    provider: 'bedrock',
    modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    guardrail: true,
  },
  vpc: { mode: 'create', maxAzs: 2 },
  protectData: true,
};
