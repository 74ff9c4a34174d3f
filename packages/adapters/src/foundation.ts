import type { LogSink } from '@agentcore/observability';
import {
  type AuditKeySource,
  createDocumentClient,
  createStores,
  type Stores,
  tableNames,
} from '@agentcore/store';
import type { Clock } from '@agentcore/workflow';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { missingAuditKeys, secretsManagerAuditKeys } from './audit-keys.js';
import type { AwsTarget } from './aws-clients.js';
import { functionTelemetry, type Telemetry } from './telemetry.js';

/** What the local runtime and tests may hand every function instead of what it builds itself. */
export interface FoundationParts {
  /** Where log lines go instead of stdout. */
  logSink?: LogSink;
  documents?: DynamoDBDocumentClient;
  clock?: Clock;
  /** The audit keyring (the local runtime's key file, a test's key) instead of the secret. */
  auditKeys?: AuditKeySource;
}

/** The settings every function has (see StoreSettings and LogSettings). */
export interface FoundationConfig {
  AWS_REGION: string;
  TABLE_PREFIX: string;
  LOG_LEVEL: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  AUDIT_KEY_SECRET_ARN?: string | undefined;
}

export interface Foundation {
  telemetry: Telemetry;
  stores: Stores;
  /** Where this function's AWS clients connect. */
  target: AwsTarget;
  clock: Clock;
}

/**
 * What every function builds first, from its checked configuration: its telemetry, the stores
 * (stamped by the same clock as its use-cases, their audit chain MACed with the keyring from
 * AUDIT_KEY_SECRET_ARN, read on first use), and where its AWS clients connect.
 */
export function functionFoundation(
  functionName: string,
  config: FoundationConfig,
  env: Readonly<Record<string, string | undefined>>,
  parts: FoundationParts,
): Foundation {
  const target = { region: config.AWS_REGION };
  const clock = parts.clock ?? (() => new Date());
  const auditKeys =
    parts.auditKeys ??
    (config.AUDIT_KEY_SECRET_ARN
      ? secretsManagerAuditKeys(target, config.AUDIT_KEY_SECRET_ARN)
      : missingAuditKeys(functionName));
  return {
    telemetry: functionTelemetry(functionName, env, {
      level: config.LOG_LEVEL,
      sink: parts.logSink,
    }),
    stores: createStores(
      parts.documents ?? createDocumentClient(target),
      tableNames(config.TABLE_PREFIX),
      auditKeys,
      clock,
    ),
    target,
    clock,
  };
}
