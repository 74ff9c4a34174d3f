import * as z from 'zod';

const GroupsSchema = z.record(z.string().min(1), z.array(z.string().min(1)));

/**
 * Pieces of our functions' configurations, read from their environment. Each function's own
 * schema takes the pieces it uses, so no function needs a variable it does not use.
 */
export const StoreSettings = {
  AWS_REGION: z.string().min(1),
  TABLE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{3,200}$/, 'must be a DynamoDB table name prefix'),
  /**
   * The Secrets Manager secret holding the audit keyring that MACs the audit chain. Without it
   * (and without a key handed in), the function fails where it would write or verify audit.
   */
  AUDIT_KEY_SECRET_ARN: z
    .string()
    .startsWith('arn:aws', 'must be a Secrets Manager secret ARN')
    .optional(),
};

export const StateMachineSettings = {
  STATE_MACHINE_ARN: z.string().startsWith('arn:aws', 'must be a state machine ARN'),
};

export const NotifySettings = {
  NOTIFY_TOPIC_ARN: z.string().startsWith('arn:aws', 'must be an SNS topic ARN'),
};

export const ApprovalWindowSettings = {
  MAX_APPROVAL_SECONDS: z.coerce.number().int().min(1).max(31_536_000).default(3_600),
};

export const DeploymentSettings = {
  /**
   * The deployment's environment, which policy sees as `context.environment` (`dev` locally).
   * It is the deployment's to say: a request cannot name its own.
   */
  ENVIRONMENT: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be a short name like dev, staging or prod')
    .default('dev'),
  /** The IANA time zone the deployment's people mean when they say "tomorrow at 10". */
  TIME_ZONE: z
    .string()
    .trim()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris or America/New_York')
    .default('UTC'),
};

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const PolicySettings = {
  ...ApprovalWindowSettings,
  ...DeploymentSettings,
  /** Who approves when no policy names approvers (comma-separated groups). */
  DEFAULT_APPROVER_GROUPS: z
    .string()
    .default('approvers')
    .transform((text) =>
      text
        .split(',')
        .map((group) => group.trim())
        .filter(Boolean),
    ),
  /** The seed's JSON policy rules, used when the config store holds no policies. */
  POLICY_PATH: z.string().min(1).optional(),
};

export const DirectorySettings = {
  /** JSON: Slack or directory user id -> groups, for approver rules that name groups. */
  APPROVER_GROUPS: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return GroupsSchema.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON like {"U123":["approvers"]}' });
        return z.NEVER;
      }
    }),
};

export const LogSettings = {
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
};

/** A function started with a configuration it cannot run with. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** Checks a function's environment once, at cold start, saying everything that is wrong. */
export function parseConfiguration<Schema extends z.ZodType>(
  functionName: string,
  schema: Schema,
  env: Readonly<Record<string, string | undefined>>,
): z.output<Schema> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigurationError(
      `the ${functionName} function is misconfigured: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}
