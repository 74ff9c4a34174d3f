import { join } from 'node:path';
import type { TableId } from '@agentcore/store';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  type EnvironmentConfig,
  type FunctionName,
  functionTimeoutSeconds,
} from '../config/index.js';
import type { Messaging } from './constructs/messaging.js';
import type { ModelAccess } from './constructs/model.js';
import type { Network } from './constructs/network.js';
import { Secrets } from './constructs/secrets.js';
import { ServiceFunction } from './constructs/service-function.js';
import type { TableAccess, Tables } from './constructs/tables.js';
import { FUNCTION_ACCESS } from './function-access.js';

/** A Lambda response stream ends at 15 minutes; an event stream ends a minute before its function. */
const STREAM_MARGIN_SECONDS = 60;
const STREAM_MAX_SECONDS = 840;
/**
 * Behind API Gateway (which buffers, and answers 504 after 30 s) an event stream is delivered
 * whole, so it ends in time to be: the client then follows again.
 */
const BUFFERED_STREAM_SECONDS = 25;

/** What the functions are wired to: the stack's shared resources. */
export interface FunctionSurroundings {
  config: EnvironmentConfig;
  bundlesDir: string;
  tables: Tables;
  secrets: Secrets;
  messaging: Messaging;
  model: ModelAccess;
  network: Network | undefined;
  stateMachineArn: string;
  logRetention: RetentionDays;
}

/**
 * One function with exactly what FUNCTION_ACCESS says it reaches: each setting its service's
 * config.ts reads, and a grant for each resource, by name.
 */
export function wireFunction(
  scope: Construct,
  name: FunctionName,
  around: FunctionSurroundings,
): ServiceFunction {
  const { config, secrets, messaging, model, stateMachineArn } = around;
  const access = FUNCTION_ACCESS[name];
  const timeoutSeconds = functionTimeoutSeconds(config, name);
  const sealing = access.sealedOutputs;
  const tables: Partial<Record<TableId, TableAccess>> = {
    ...access.tables,
    // The ledger of what was posted where, so a request's replies stay in its thread.
    ...(access.slack !== 'none' ? { sessions: 'write' } : {}),
    ...(sealing ? { sealedOutputs: 'write', audit: 'append' } : {}),
  };
  const readsAuditKey = access.auditKey || sealing;
  const environment: Record<string, string> = {
    TABLE_PREFIX: config.tablePrefix,
    ENVIRONMENT: config.name,
    ...(name === 'workflow-steps' ? { TIME_ZONE: config.timeZone } : {}),
    LOG_LEVEL: 'INFO',
    ...(readsAuditKey ? { AUDIT_KEY_SECRET_ARN: secrets.auditKey.secretArn } : {}),
    ...(access.startExecution || access.sendTask ? { STATE_MACHINE_ARN: stateMachineArn } : {}),
    ...(access.notify ? { NOTIFY_TOPIC_ARN: messaging.notifications.topicArn } : {}),
    ...(access.model ? model.environment : {}),
    ...(access.slack !== 'none' ? { SLACK_SECRET_ARN: secrets.slack.secretArn } : {}),
    ...(access.slack !== 'none' && config.slackApprovalsChannel
      ? { SLACK_APPROVALS_CHANNEL: config.slackApprovalsChannel }
      : {}),
    ...(sealing ? { SEALED_OUTPUT_SECRET_ARN: secrets.sealedOutput.secretArn } : {}),
  };
  Object.assign(environment, toolSettings(config, access.tools, secrets));
  if (['api', 'api-stream', 'workflow-steps', 'decision-sweeper', 'slack-gateway'].includes(name)) {
    environment.MAX_APPROVAL_SECONDS = String(config.approval.maxSeconds);
  }
  if (name === 'api' || name === 'api-stream') environment.API_AUTH = 'api_key';
  if (name === 'api') environment.API_STREAM_MAX_SECONDS = String(BUFFERED_STREAM_SECONDS);
  if (name === 'api-stream') {
    environment.API_STREAM_MAX_SECONDS = String(
      Math.min(STREAM_MAX_SECONDS, timeoutSeconds - STREAM_MARGIN_SECONDS),
    );
  }
  const fn = new ServiceFunction(scope, name, {
    bundleDir: join(around.bundlesDir, access.bundle),
    handlerExport: access.handlerExport,
    memoryMb: config.lambda.memoryMb,
    timeoutSeconds,
    logRetention: around.logRetention,
    removeLogsWithStack: !config.protectData,
    environment,
    ...(around.network ? { network: around.network } : {}),
  });
  for (const [tableId, tableAccess] of Object.entries(tables) as [TableId, TableAccess][]) {
    around.tables.grant(fn.role, tableId, tableAccess);
  }
  if (readsAuditKey) Secrets.grantRead(fn.role, secrets.auditKey);
  if (sealing) Secrets.grantRead(fn.role, secrets.sealedOutput);
  if (access.slack !== 'none') {
    fn.allow(
      new PolicyStatement({
        actions: [
          'secretsmanager:GetSecretValue',
          // The OAuth install callback stores the bot token Slack hands it.
          ...(access.slack === 'install' ? ['secretsmanager:PutSecretValue'] : []),
        ],
        resources: [secrets.slack.secretArn],
      }),
    );
  }
  const stateActions = [
    ...(access.startExecution ? ['states:StartExecution'] : []),
    ...(access.sendTask ? ['states:SendTaskSuccess'] : []),
    // GET /healthz asks whether the workflow is there.
    ...(access.bundle === 'api' ? ['states:DescribeStateMachine'] : []),
  ];
  if (stateActions.length > 0) {
    fn.allow(new PolicyStatement({ actions: stateActions, resources: [stateMachineArn] }));
  }
  if (access.tools === 'call' && secrets.googleServiceAccount) {
    Secrets.grantRead(fn.role, secrets.googleServiceAccount);
  }
  const jira = config.integrations.jira;
  if (access.tools === 'call' && jira) {
    fn.allow(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        // The secret is the operator's (made before deploying); its ARN ends in six random characters.
        resources: [
          Stack.of(scope).formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${jira.apiTokenSecretName}-??????`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }
  if (access.notify) messaging.grantNotify(fn.role);
  if (access.model) model.grantInvoke(fn.role);
  return fn;
}

/**
 * The built-in servers' settings (each server's config.ts under mcp-servers). A function that only lists tools
 * gets what makes the server appear, not the right to read the Google key or the Jira token it
 * never uses.
 */
function toolSettings(
  config: EnvironmentConfig,
  tools: 'none' | 'list' | 'call',
  secrets: Secrets,
): Record<string, string> {
  if (tools === 'none') return {};
  const { googleAdmin, jira } = config.integrations;
  return {
    ...(googleAdmin && secrets.googleServiceAccount
      ? {
          GOOGLE_ADMIN_SUBJECT: googleAdmin.subject,
          GOOGLE_SERVICE_ACCOUNT_SECRET_ID: secrets.googleServiceAccount.secretArn,
          ...(googleAdmin.domain ? { GOOGLE_DOMAIN: googleAdmin.domain } : {}),
        }
      : {}),
    ...(jira
      ? {
          JIRA_BASE_URL: jira.baseUrl,
          JIRA_EMAIL: jira.email,
          // Read by the server on its first call; the token is in no function's configuration.
          JIRA_API_TOKEN_SECRET_ID: jira.apiTokenSecretName,
        }
      : {}),
  };
}
