import type { LogSink } from '@agentcore/observability';
import { createDocumentClient, createStores, type Stores, tableNames } from '@agentcore/store';
import type { Clock } from '@agentcore/workflow';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsTarget } from './aws-clients.js';
import { functionTelemetry, type Telemetry } from './telemetry.js';

/** What the local runtime and tests may hand every function instead of what it builds itself. */
export interface FoundationParts {
  /** Where log lines go instead of stdout. */
  logSink?: LogSink;
  documents?: DynamoDBDocumentClient;
  clock?: Clock;
}

/** The settings every function has (see StoreSettings and LogSettings). */
export interface FoundationConfig {
  AWS_REGION: string;
  TABLE_PREFIX: string;
  LOG_LEVEL: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
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
 * (stamped by the same clock as its use-cases), and where its AWS clients connect.
 */
export function functionFoundation(
  functionName: string,
  config: FoundationConfig,
  env: Readonly<Record<string, string | undefined>>,
  parts: FoundationParts,
): Foundation {
  const target = { region: config.AWS_REGION };
  const clock = parts.clock ?? (() => new Date());
  return {
    telemetry: functionTelemetry(functionName, env, {
      level: config.LOG_LEVEL,
      sink: parts.logSink,
    }),
    stores: createStores(
      parts.documents ?? createDocumentClient(target),
      tableNames(config.TABLE_PREFIX),
      clock,
    ),
    target,
    clock,
  };
}
