import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';

/** Every Lambda function the app deploys, by the service folder its bundle comes from. */
export const FUNCTION_NAMES = [
  'api',
  'api-stream',
  'workflow-steps',
  'execute',
  'completion-notifier',
  'decision-sweeper',
  'direct-invoke',
  'slack-gateway',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

const Seconds = z.int().min(1);

const FunctionSizeSchema = z.object({
  memoryMb: z.int().min(128).max(10_240),
  timeoutSeconds: Seconds.max(900),
});

const validRetentions = new Set<number>(
  Object.values(RetentionDays).filter((value) => typeof value === 'number'),
);

const VpcSchema = z.discriminatedUnion('mode', [
  /** The functions run outside any VPC (AWS's own network, public endpoints). */
  z.object({ mode: z.literal('none') }),
  /** A new VPC: private subnets with one NAT gateway, and endpoints for the AWS services used. */
  z.object({ mode: z.literal('create'), maxAzs: z.int().min(2).max(3) }),
  /** An existing VPC, by ids (no lookup: synth stays offline). */
  z.object({
    mode: z.literal('existing'),
    vpcId: z.string().regex(/^vpc-[0-9a-f]+$/),
    availabilityZones: z.array(z.string().min(1)).min(2),
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/)).min(2),
  }),
]);

const ModelSchema = z.discriminatedUnion('provider', [
  /** No model: requests are planned by the phrase planner only. */
  z.object({ provider: z.literal('none') }),
  z.object({
    provider: z.literal('bedrock'),
    /** A foundation model id, or a cross-region inference profile id (`us.…`, `eu.…`). */
    modelId: z.string().regex(/^[a-z0-9.:-]+$/),
    /** A Bedrock guardrail the stack creates and every model call goes through. */
    guardrail: z.boolean(),
  }),
]);

const IntegrationsSchema = z.object({
  /**
   * The built-in Google Admin server: the admin it acts as (domain-wide delegation). The stack
   * creates a secret for the service account's key file; the planner and executor read it.
   */
  googleAdmin: z.object({ subject: z.email(), domain: z.string().min(1).optional() }).optional(),
  /**
   * The built-in Jira server: the site, its account, and an existing secret (name) holding the
   * account's API token, resolved into the functions' configuration at deploy time.
   */
  jira: z
    .object({ baseUrl: z.url(), email: z.email(), apiTokenSecretName: z.string().min(1) })
    .optional(),
});

/** One environment's settings; `parseEnvironmentConfig` also checks they can work together. */
export const EnvironmentConfigSchema = z.object({
  name: z.enum(['dev', 'staging', 'prod']),
  /** Tables are `<prefix>-<suffix>` (packages/store/src/tables.ts). */
  tablePrefix: z.string().regex(/^[A-Za-z0-9_.-]{3,200}$/),
  /** Memory and timeout of every function unless `timeouts` names it. */
  lambda: FunctionSizeSchema,
  /** Functions that need longer than `lambda.timeoutSeconds` (the tasks the state machine runs). */
  timeouts: z.partialRecord(z.enum(FUNCTION_NAMES), Seconds.max(900)).default({}),
  logRetentionDays: z
    .int()
    .refine((days) => validRetentions.has(days), 'must be a CloudWatch Logs retention period'),
  /** How long approvers have; the state machine waits exactly this long at most. */
  approval: z.object({ maxSeconds: Seconds.max(31_536_000) }),
  /** Upper bound of one execution (Step Functions Standard allows a year). */
  workflow: z.object({ executionTimeoutSeconds: Seconds.max(31_536_000) }),
  model: ModelSchema,
  vpc: VpcSchema,
  /** A Slack channel (id) where every approval card is posted too, besides the requester's thread. */
  /** The IANA time zone people mean by "tomorrow at 10" (the planner without a model reads it). */
  timeZone: z.string().min(1).default('UTC'),
  slackApprovalsChannel: z
    .string()
    .regex(/^[CG][A-Z0-9_]{2,30}$/)
    .optional(),
  /** Built-in MCP servers that need an account of ours elsewhere; off when absent. */
  integrations: IntegrationsSchema.default({}),
  /** Tables survive `cdk destroy` and refuse deletion. */
  protectData: z.boolean(),
});
export type EnvironmentConfig = z.output<typeof EnvironmentConfigSchema>;
export type EnvironmentConfigInput = z.input<typeof EnvironmentConfigSchema>;

/** A combination of settings that validates field by field but cannot work deployed. */
export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
}

export function parseEnvironmentConfig(input: EnvironmentConfigInput): EnvironmentConfig {
  const result = EnvironmentConfigSchema.safeParse(input);
  if (!result.success) {
    throw new InfraConfigError(
      `the ${String(input.name)} configuration is invalid: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

/** The timeout of a function under `config`. */
export function functionTimeoutSeconds(config: EnvironmentConfig, name: FunctionName): number {
  return config.timeouts[name] ?? config.lambda.timeoutSeconds;
}
