import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createBedrockRuntimeClient, type Sleep } from '../../src/index.js';

export const MODEL_ID = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

/** A real SDK client pointed at the stand-in, with the adaptive retries of production. */
export function bedrockClient(endpoint: string, maxAttempts = 3): BedrockRuntimeClient {
  return createBedrockRuntimeClient({
    region: 'us-east-1',
    endpoint,
    maxAttempts,
    overrides: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
  });
}

/** A Sleep that records the backoff it was asked for and returns at once. */
export function recordingSleep(): { sleep: Sleep; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

/** The JSON body of a recorded request, narrowed for assertions. */
export function bodyOf(request: { body: unknown }): {
  messages: { role: string; content: Record<string, unknown>[] }[];
  toolConfig?: { tools: { toolSpec: { name: string } }[]; toolChoice?: unknown };
  system?: { text: string }[];
  inferenceConfig?: Record<string, unknown>;
  guardrailConfig?: Record<string, unknown>;
} {
  return JSON.parse(JSON.stringify(request.body));
}
