import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import * as z from 'zod';
import { createBedrockModelProvider, createBedrockRuntimeClient } from './bedrock.js';
import { AgentError } from './errors.js';
import type { ModelProvider } from './model.js';
import { createOpenAiCompatibleProvider } from './openai-compatible.js';
import type { Sleep } from './retry.js';

/**
 * Claude Haiku 4.5, fast and current. Claude 4.x is only callable through an inference profile,
 * hence the geography prefix; `us.` is the default for the default region.
 */
export const DEFAULT_BEDROCK_MODEL_ID = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const HAIKU_4_5 = 'anthropic.claude-haiku-4-5-20251001-v1:0';

/** The Haiku 4.5 inference profile for a region: `us.` or `eu.` where they exist, else `global.`. */
export function defaultBedrockModelId(region: string): string {
  if (/^us-(?!gov-)/.test(region)) return `us.${HAIKU_4_5}`;
  if (region.startsWith('eu-')) return `eu.${HAIKU_4_5}`;
  return `global.${HAIKU_4_5}`;
}

const GuardrailSchema = z.object({
  identifier: z.string().trim().min(1),
  version: z.string().trim().min(1),
  trace: z.enum(['enabled', 'disabled']).optional(),
});

export const BedrockModelConfigSchema = z.object({
  provider: z.literal('bedrock'),
  region: z.string().trim().min(1),
  /** Defaults to the Haiku 4.5 inference profile of the region. */
  modelId: z.string().trim().min(1).optional(),
  /** Another endpoint than the region's, e.g. a VPC endpoint or the local stand-in. */
  endpoint: z.url().optional(),
  /** SDK attempts per call on throttling and transient errors (adaptive mode). */
  maxAttempts: z.int().min(1).max(10).default(5),
  /** Restarts of a call whose stream failed part-way. */
  maxStreamRestarts: z.int().min(0).max(5).default(2),
  guardrail: GuardrailSchema.optional(),
});

export const OpenAiModelConfigSchema = z.object({
  provider: z.literal('openai'),
  /** The API root ending in `/v1`. */
  baseUrl: z.url(),
  model: z.string().trim().min(1),
  apiKey: z.string().min(1).optional(),
  timeoutMs: z.int().min(1_000).max(900_000).default(120_000),
  maxRetries: z.int().min(0).max(6).default(3),
  stream: z.boolean().default(true),
});

export const NoModelConfigSchema = z.object({ provider: z.literal('none') });

/** Which model the agent uses. `none` means natural-language requests are refused. */
export const ModelConfigSchema = z.discriminatedUnion('provider', [
  BedrockModelConfigSchema,
  OpenAiModelConfigSchema,
  NoModelConfigSchema,
]);
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
export type ModelConfigInput = z.input<typeof ModelConfigSchema>;

/** The environment variables `modelConfigFromEnv` reads. */
export const MODEL_ENV = {
  provider: 'MODEL_PROVIDER',
  bedrockModelId: 'BEDROCK_MODEL_ID',
  bedrockRegion: 'BEDROCK_REGION',
  bedrockEndpoint: 'BEDROCK_ENDPOINT',
  bedrockMaxAttempts: 'BEDROCK_MAX_ATTEMPTS',
  guardrailId: 'BEDROCK_GUARDRAIL_ID',
  guardrailVersion: 'BEDROCK_GUARDRAIL_VERSION',
  openAiBaseUrl: 'OPENAI_BASE_URL',
  openAiModel: 'OPENAI_MODEL',
  openAiApiKey: 'OPENAI_API_KEY',
  openAiTimeoutMs: 'OPENAI_TIMEOUT_MS',
} as const;

const blankToUndefined = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

function invalidConfig(error: z.ZodError, source: string): AgentError {
  const issues = error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return new AgentError('invalid_config', `invalid model configuration from ${source}: ${issues}`);
}

/** Validates a configuration object, throwing an `invalid_config` AgentError naming the fields. */
export function parseModelConfig(input: unknown, source = 'config'): ModelConfig {
  const parsed = ModelConfigSchema.safeParse(input);
  if (!parsed.success) throw invalidConfig(parsed.error, source);
  return parsed.data;
}

/**
 * Reads the model configuration from environment variables (pass `process.env` at the edge).
 * `MODEL_PROVIDER` picks `bedrock`, `openai` or `none`; when it is unset, `OPENAI_BASE_URL`
 * selects the OpenAI-compatible endpoint, `BEDROCK_MODEL_ID` selects Bedrock, and otherwise no
 * model is configured. Bedrock's region is `BEDROCK_REGION`, else `AWS_REGION`, else
 * `AWS_DEFAULT_REGION`, else `us-east-1`.
 */
export function modelConfigFromEnv(env: Readonly<Record<string, string | undefined>>): ModelConfig {
  const read = (name: string) => blankToUndefined(env[name]);
  const explicit = read(MODEL_ENV.provider)?.toLowerCase();
  const provider =
    explicit ??
    (read(MODEL_ENV.openAiBaseUrl)
      ? 'openai'
      : read(MODEL_ENV.bedrockModelId)
        ? 'bedrock'
        : 'none');
  const numeric = (name: string) => {
    const value = read(name);
    return value === undefined ? undefined : Number(value);
  };
  let input: Record<string, unknown>;
  if (provider === 'bedrock') {
    const guardrailId = read(MODEL_ENV.guardrailId);
    const guardrailVersion = read(MODEL_ENV.guardrailVersion);
    input = {
      provider,
      region:
        read(MODEL_ENV.bedrockRegion) ??
        read('AWS_REGION') ??
        read('AWS_DEFAULT_REGION') ??
        'us-east-1',
      modelId: read(MODEL_ENV.bedrockModelId),
      endpoint: read(MODEL_ENV.bedrockEndpoint),
      maxAttempts: numeric(MODEL_ENV.bedrockMaxAttempts),
      // Half a guardrail is a mistake worth stopping for, not a guardrail quietly left off.
      guardrail:
        guardrailId === undefined && guardrailVersion === undefined
          ? undefined
          : { identifier: guardrailId ?? '', version: guardrailVersion ?? '' },
    };
  } else if (provider === 'openai') {
    if (read(MODEL_ENV.guardrailId) !== undefined) {
      throw new AgentError(
        'invalid_config',
        `${MODEL_ENV.guardrailId} is set, but guardrails are a Bedrock feature and the model is an OpenAI-compatible endpoint`,
      );
    }
    input = {
      provider,
      baseUrl: read(MODEL_ENV.openAiBaseUrl),
      model: read(MODEL_ENV.openAiModel),
      apiKey: read(MODEL_ENV.openAiApiKey),
      timeoutMs: numeric(MODEL_ENV.openAiTimeoutMs),
    };
  } else {
    input = { provider };
  }
  const defined = Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  );
  const parsed = ModelConfigSchema.safeParse(defined);
  if (!parsed.success) throw invalidConfig(parsed.error, 'the environment');
  return parsed.data;
}

/** What `resolveModelProvider` may be given instead of building it itself. */
export interface ModelProviderDeps {
  /** A ready Bedrock client; otherwise one is built from the configuration. */
  readonly bedrockClient?: BedrockRuntimeClient;
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

/**
 * The model provider for a configuration, or undefined when no model is configured (then the
 * phrase planner plans natural-language requests, and only those it understands can run).
 */
export function resolveModelProvider(
  config: ModelConfigInput | undefined,
  deps: ModelProviderDeps = {},
): ModelProvider | undefined {
  if (config === undefined) return undefined;
  const parsed = parseModelConfig(config);
  const timing = {
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  };
  switch (parsed.provider) {
    case 'none':
      return undefined;
    case 'bedrock': {
      const client =
        deps.bedrockClient ??
        createBedrockRuntimeClient({
          region: parsed.region,
          maxAttempts: parsed.maxAttempts,
          ...(parsed.endpoint ? { endpoint: parsed.endpoint } : {}),
        });
      return createBedrockModelProvider({
        client,
        modelId: parsed.modelId ?? defaultBedrockModelId(parsed.region),
        maxStreamRestarts: parsed.maxStreamRestarts,
        ...(parsed.guardrail ? { guardrail: parsed.guardrail } : {}),
        ...timing,
      });
    }
    case 'openai':
      return createOpenAiCompatibleProvider({
        baseUrl: parsed.baseUrl,
        model: parsed.model,
        timeoutMs: parsed.timeoutMs,
        retry: { maxRetries: parsed.maxRetries },
        stream: parsed.stream,
        ...(parsed.apiKey ? { apiKey: parsed.apiKey } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...timing,
      });
  }
}
