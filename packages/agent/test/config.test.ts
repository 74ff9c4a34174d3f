import { describe, expect, it } from 'vitest';
import {
  AgentError,
  DEFAULT_BEDROCK_MODEL_ID,
  defaultBedrockModelId,
  modelConfigFromEnv,
  resolveModelProvider,
} from '../src/index.js';

describe('model configuration', () => {
  it('configures no model when nothing is set', () => {
    // Act
    const config = modelConfigFromEnv({});

    // Assess
    expect(config).toEqual({ provider: 'none' });
    expect(resolveModelProvider(config)).toBeUndefined();
    expect(resolveModelProvider(undefined)).toBeUndefined();
  });

  it('defaults Bedrock to the current Haiku inference profile of the region', () => {
    // Act
    const config = modelConfigFromEnv({ MODEL_PROVIDER: 'bedrock', AWS_REGION: 'eu-west-1' });
    const provider = resolveModelProvider(config);

    // Assess
    expect(config).toEqual({
      provider: 'bedrock',
      region: 'eu-west-1',
      maxAttempts: 5,
      maxStreamRestarts: 2,
    });
    expect(provider).toMatchObject({
      provider: 'bedrock',
      modelId: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
    });
    expect(DEFAULT_BEDROCK_MODEL_ID).toBe(defaultBedrockModelId('us-east-1'));
    expect(DEFAULT_BEDROCK_MODEL_ID).not.toContain('claude-3-5-haiku');
    expect(defaultBedrockModelId('ap-southeast-2')).toBe(
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    );
  });

  it('reads Bedrock model id, endpoint, attempts and guardrail', () => {
    // Act
    const config = modelConfigFromEnv({
      BEDROCK_MODEL_ID: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      BEDROCK_REGION: 'us-west-2',
      AWS_REGION: 'eu-west-1',
      BEDROCK_ENDPOINT: 'http://127.0.0.1:4010',
      BEDROCK_MAX_ATTEMPTS: '6',
      BEDROCK_GUARDRAIL_ID: 'gr-abc',
      BEDROCK_GUARDRAIL_VERSION: '3',
    });

    // Assess
    expect(config).toEqual({
      provider: 'bedrock',
      region: 'us-west-2',
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      endpoint: 'http://127.0.0.1:4010',
      maxAttempts: 6,
      maxStreamRestarts: 2,
      guardrail: { identifier: 'gr-abc', version: '3' },
    });
  });

  it('selects an OpenAI-compatible endpoint from its base URL', () => {
    // Act
    const config = modelConfigFromEnv({
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL: 'llama3.2',
    });

    // Assess
    expect(config).toEqual({
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.2',
      timeoutMs: 120_000,
      maxRetries: 3,
      stream: true,
    });
    expect(resolveModelProvider(config)).toMatchObject({
      provider: 'openai-compatible',
      modelId: 'llama3.2',
    });
  });

  it.each([
    [
      'half a guardrail',
      { MODEL_PROVIDER: 'bedrock', BEDROCK_GUARDRAIL_ID: 'gr-1' },
      'guardrail.version',
    ],
    ['an unknown provider', { MODEL_PROVIDER: 'gemini' }, 'provider'],
    ['an OpenAI endpoint without a model', { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }, 'model'],
    [
      'attempts that are not a number',
      { MODEL_PROVIDER: 'bedrock', BEDROCK_MAX_ATTEMPTS: 'many' },
      'maxAttempts',
    ],
    [
      'a guardrail with an OpenAI endpoint',
      { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_MODEL: 'm', BEDROCK_GUARDRAIL_ID: 'gr' },
      'guardrail',
    ],
  ])('refuses %s and names the field', (_, env, field) => {
    // Act
    const attempt = () => modelConfigFromEnv(env);

    // Assess
    expect(attempt).toThrow(AgentError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining(field) }),
    );
  });
});
