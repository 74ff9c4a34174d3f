import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type EnvironmentConfig, FUNCTION_NAMES, type FunctionName } from '../config/index.js';
import { acknowledgeFindings } from './acknowledgements.js';
import { Alarms } from './constructs/alarms.js';
import { HttpEdge } from './constructs/http-api.js';
import { Messaging } from './constructs/messaging.js';
import { ModelAccess } from './constructs/model.js';
import { Network } from './constructs/network.js';
import { Secrets } from './constructs/secrets.js';
import type { ServiceFunction } from './constructs/service-function.js';
import { Tables } from './constructs/tables.js';
import { stateMachineArnOf, Workflow } from './constructs/workflow.js';
import { FUNCTION_ACCESS } from './function-access.js';
import { wireFunction } from './function-wiring.js';
import { slackAppManifest } from './slack-manifest.js';

export interface AgentCoreStackProps extends StackProps {
  config: EnvironmentConfig;
  /** Where each service's bundle is (`<dir>/<service>/index.mjs`), made by scripts/lambda-bundles.mjs. */
  bundlesDir: string;
  /** The services with a bundle (the Slack gateway only once its entry exists). */
  bundled: ReadonlySet<string>;
}

/** One environment's whole system. */
export class AgentCoreStack extends Stack {
  readonly functions: Partial<Record<FunctionName, ServiceFunction>> = {};
  readonly tables: Tables;
  readonly workflow: Workflow;
  readonly edge: HttpEdge;

  constructor(scope: Construct, id: string, props: AgentCoreStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prefix = config.tablePrefix;
    const logRetention = config.logRetentionDays as RetentionDays;
    const removeWithStack = !config.protectData;
    this.tables = new Tables(this, 'Tables', { prefix, protect: config.protectData });
    const secrets = new Secrets(this, 'Secrets', {
      prefix,
      retain: config.protectData,
      googleAdmin: config.integrations.googleAdmin !== undefined,
    });
    const messaging = new Messaging(this, 'Messaging', { retainKey: config.protectData });
    const model = new ModelAccess(this, 'Model', { settings: config.model, name: prefix });
    const network =
      config.vpc.mode === 'none'
        ? undefined
        : new Network(this, 'Network', { settings: config.vpc, logRetention });
    const stateMachineName = `${prefix}-workflow`;
    const stateMachineArn = stateMachineArnOf(this, stateMachineName);

    for (const name of FUNCTION_NAMES) {
      if (!props.bundled.has(FUNCTION_ACCESS[name].bundle)) continue;
      this.functions[name] = wireFunction(this, name, {
        config,
        bundlesDir: props.bundlesDir,
        tables: this.tables,
        secrets,
        messaging,
        model,
        network,
        stateMachineArn,
        logRetention,
      });
    }
    const fn = (name: FunctionName): ServiceFunction => {
      const found = this.functions[name];
      if (!found) throw new Error(`the ${name} function has no bundle`);
      return found;
    };
    // TOTP seeds live under the environment's prefix; the tool names the secret it reads.
    const totpSecrets = `${prefix}/totp/*`;
    fn('execute').allow(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          this.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: totpSecrets,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );

    this.workflow = new Workflow(this, 'Workflow', {
      name: stateMachineName,
      steps: fn('workflow-steps'),
      execute: fn('execute'),
      notifier: fn('completion-notifier'),
      maxApprovalSeconds: config.approval.maxSeconds,
      executionTimeoutSeconds: config.workflow.executionTimeoutSeconds,
      logRetention,
      removeLogsWithStack: removeWithStack,
    });
    new Rule(this, 'SweepDecisions', {
      description: 'Hands decisions that were recorded but not delivered to their workflow',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaTarget(fn('decision-sweeper').function)],
    });
    this.edge = new HttpEdge(this, 'Edge', {
      api: fn('api'),
      apiStream: fn('api-stream'),
      slackGateway: this.functions['slack-gateway'],
      logRetention,
      removeLogsWithStack: removeWithStack,
    });
    new Alarms(this, 'Alarms', {
      topic: messaging.alarms,
      functions: this.functions as Record<string, ServiceFunction>,
      stateMachine: this.workflow.stateMachine,
      tables: this.tables.byId,
    });
    acknowledgeFindings({
      stateMachine: this.workflow.stateMachine,
      planner: fn('workflow-steps'),
      modelId: config.model.provider === 'bedrock' ? config.model.modelId : undefined,
      execute: fn('execute'),
      totpSecretsPattern: `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${totpSecrets}`,
      slackSecret: secrets.slack,
      auditKeySecret: secrets.auditKey,
      sealedOutputSecret: secrets.sealedOutput,
      googleServiceAccount: secrets.googleServiceAccount,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.edge.stage.url,
      description: 'The request API and Slack routes',
    });
    new CfnOutput(this, 'StreamUrl', {
      value: this.edge.streamUrl.url,
      description: 'The request API with streamed responses (event streams)',
    });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'DirectInvokeFunction', {
      value: fn('direct-invoke').function.functionName,
    });
    if (this.functions['slack-gateway']) {
      new CfnOutput(this, 'SlackAppManifest', {
        description:
          'Create the Slack app from this manifest (api.slack.com/apps, From an app manifest)',
        value: this.toJsonString(
          slackAppManifest({ environment: config.name, apiUrl: this.edge.stage.url }),
        ),
      });
    }
    new CfnOutput(this, 'SlackSecretArn', { value: secrets.slack.secretArn });
    new CfnOutput(this, 'AuditKeySecretArn', { value: secrets.auditKey.secretArn });
    new CfnOutput(this, 'NotificationTopicArn', { value: messaging.notifications.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: messaging.alarms.topicArn });
  }
}
