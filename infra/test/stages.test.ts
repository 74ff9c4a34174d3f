import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLES } from '@agentcore/store';
import { Match } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { dev } from '../config/dev.js';
import { parseEnvironmentConfig } from '../config/index.js';
import { prod } from '../config/prod.js';
import { staging } from '../config/staging.js';
import type { AgentCoreStack } from '../lib/agentcore-stack.js';
import { buildApp, STACK_NAME } from '../lib/app.js';
import { SLACK_ROUTES } from '../lib/constructs/http-api.js';
import {
  deployedDefinition,
  FUNCTION_PLACEHOLDERS,
  substitutionName,
} from '../lib/workflow-timing.js';
import {
  type SynthesizedStage,
  sharedBundles,
  synthesizeAll,
  synthesizeStage,
} from './support/synth.js';

let stages: Map<string, SynthesizedStage>;

beforeAll(async () => {
  stages = await synthesizeAll();
  for (const stage of stages.values()) {
    // Reported with the run: how long `cdk synth` takes per environment, cdk-nag included.
    process.stderr.write(`synth ${stage.name}: ${Math.round(stage.synthMs)} ms\n`);
  }
}, 180_000);

function stage(name: string): SynthesizedStage {
  const found = stages.get(name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
}

function logicalId(synthesized: SynthesizedStage, fnName: string): string {
  const fn = synthesized.stack.functions[fnName as keyof typeof synthesized.stack.functions];
  if (!fn) throw new Error(`no function ${fnName}`);
  return synthesized.stack.getLogicalId(fn.function.node.defaultChild as never);
}

describe('every environment synthesizes offline with cdk-nag clean', () => {
  it('synthesizes dev, staging and prod (AwsSolutions findings all acknowledged)', () => {
    // Prepare / Act: beforeAll ran the synth, which throws on an unacknowledged finding.
    // Assess
    expect([...stages.keys()]).toEqual(['dev', 'staging', 'prod']);
  });

  it('fails the synth on a finding nobody acknowledged', async () => {
    // Prepare: the dev app, plus a secret without rotation and a role with a wildcard action.
    const { dir, bundled } = await sharedBundles();
    const app = buildApp({
      bundlesDir: dir,
      bundled,
      environments: [dev],
      outdir: mkdtempSync(join(tmpdir(), 'nag-')),
    });
    const stack = app.node.findChild('dev').node.findChild(STACK_NAME) as AgentCoreStack;
    new Secret(stack, 'Unreviewed');
    stack.functions.execute?.allow(
      new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }),
    );
    // Act / Assess
    expect(() => app.synth()).toThrow(
      /AwsSolutions-SMG4[\s\S]*AwsSolutions-IAM5\[Action::dynamodb:\*\]|AwsSolutions-IAM5\[Action::dynamodb:\*\][\s\S]*AwsSolutions-SMG4/,
    );
  });
});

describe.each([
  ['dev', dev, 256, 30],
  ['staging', staging, 512, 60],
  ['prod', prod, 1024, 120],
] as const)('the %s environment', (name, input, memory, timeout) => {
  it(`gives caller-facing functions ${memory} MB and ${timeout} s, on Node 24 and ARM64`, () => {
    const { template } = stage(name);
    for (const fn of ['api', 'direct-invoke', 'decision-sweeper', 'slack-gateway']) {
      const resource = template.toJSON().Resources[logicalId(stage(name), fn)];
      expect(resource.Properties).toMatchObject({
        MemorySize: memory,
        Timeout: timeout,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
      });
    }
  });

  it('gives the functions the state machine runs at least their tasks’ timeouts', () => {
    const resources = stage(name).template.toJSON().Resources;
    const config = parseEnvironmentConfig(input);
    const definition = deployedDefinition(config.workflow.executionTimeoutSeconds);
    const byPlaceholder = {
      [FUNCTION_PLACEHOLDERS.steps]: 'workflow-steps',
      [FUNCTION_PLACEHOLDERS.execute]: 'execute',
      [FUNCTION_PLACEHOLDERS.notifier]: 'completion-notifier',
    };
    for (const state of Object.values(definition.States)) {
      if (state.Type !== 'Task' || typeof state.TimeoutSeconds !== 'number') continue;
      const fn = byPlaceholder[String(state.Resource)];
      if (!fn) continue;
      expect(resources[logicalId(stage(name), fn)].Properties.Timeout).toBeGreaterThanOrEqual(
        state.TimeoutSeconds,
      );
    }
  });

  it('deploys exactly the definition the local runtime runs, with the real function ARNs', () => {
    // Prepare
    const synthesized = stage(name);
    const config = parseEnvironmentConfig(input);
    const machines = synthesized.template.findResources('AWS::StepFunctions::StateMachine');
    const [machine] = Object.values(machines);
    // Act
    const deployed = JSON.parse(machine?.Properties.DefinitionString as string);
    // Assess: same states, transitions, retries and timeouts as packages/workflow's definition.
    expect(Object.keys(machines)).toHaveLength(1);
    expect(deployed).toEqual(deployedDefinition(config.workflow.executionTimeoutSeconds));
    expect(deployed.TimeoutSeconds).toBe(config.workflow.executionTimeoutSeconds);
    expect(machine?.Properties.DefinitionSubstitutions).toEqual({
      [substitutionName(FUNCTION_PLACEHOLDERS.steps)]: {
        'Fn::GetAtt': [logicalId(synthesized, 'workflow-steps'), 'Arn'],
      },
      [substitutionName(FUNCTION_PLACEHOLDERS.execute)]: {
        'Fn::GetAtt': [logicalId(synthesized, 'execute'), 'Arn'],
      },
      [substitutionName(FUNCTION_PLACEHOLDERS.notifier)]: {
        'Fn::GetAtt': [logicalId(synthesized, 'completion-notifier'), 'Arn'],
      },
    });
    expect(machine?.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL' },
    });
  });

  it('tells the planner and the sweeper the approval bound the state machine waits', () => {
    const resources = stage(name).template.toJSON().Resources;
    const config = parseEnvironmentConfig(input);
    for (const fn of ['workflow-steps', 'decision-sweeper', 'api']) {
      expect(resources[logicalId(stage(name), fn)].Properties.Environment.Variables).toMatchObject({
        MAX_APPROVAL_SECONDS: String(config.approval.maxSeconds),
        ENVIRONMENT: name,
        TABLE_PREFIX: config.tablePrefix,
      });
    }
  });

  it(`has the Bedrock guardrail ${name === 'dev' ? 'off' : 'on'}`, () => {
    const { template } = stage(name);
    const planner = template.toJSON().Resources[logicalId(stage(name), 'workflow-steps')];
    const variables = planner.Properties.Environment.Variables;
    expect(variables).toMatchObject({ MODEL_PROVIDER: 'bedrock' });
    if (name === 'dev') {
      template.resourceCountIs('AWS::Bedrock::Guardrail', 0);
      expect(variables.BEDROCK_GUARDRAIL_ID).toBeUndefined();
    } else {
      template.resourceCountIs('AWS::Bedrock::Guardrail', 1);
      template.resourceCountIs('AWS::Bedrock::GuardrailVersion', 1);
      expect(variables.BEDROCK_GUARDRAIL_ID).toEqual({
        'Fn::GetAtt': [expect.any(String), 'GuardrailId'],
      });
      expect(variables.BEDROCK_GUARDRAIL_VERSION).toEqual({
        'Fn::GetAtt': [expect.any(String), 'Version'],
      });
    }
  });

  it(`runs its functions ${name === 'prod' ? 'in private subnets of its VPC' : 'outside a VPC'}`, () => {
    const { template, stack } = stage(name);
    const functions = template.findResources('AWS::Lambda::Function');
    for (const fn of Object.values(functions)) {
      if (name === 'prod') {
        expect(fn.Properties.VpcConfig?.SubnetIds).toHaveLength(2);
      } else {
        expect(fn.Properties.VpcConfig).toBeUndefined();
      }
    }
    template.resourceCountIs('AWS::EC2::VPC', name === 'prod' ? 1 : 0);
    if (name === 'prod') {
      template.resourceCountIs('AWS::EC2::FlowLog', 1);
      const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint'));
      expect(endpoints.length).toBe(6);
      expect(Object.keys(stack.functions).length).toBe(Object.keys(functions).length);
    }
  });

  it('keeps its tables encrypted, recoverable, with their TTL, protected where it counts', () => {
    const { template } = stage(name);
    const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const config = parseEnvironmentConfig(input);
    expect(tables.map((table) => table.Properties.TableName).sort()).toEqual(
      Object.values(TABLES)
        .map((table) => `${config.tablePrefix}-${table.suffix}`)
        .sort(),
    );
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const table of tables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
      expect(table.Properties.DeletionProtectionEnabled).toBe(name !== 'dev');
    }
    const withTtl = Object.values(TABLES).filter((table) => 'ttlAttribute' in table);
    expect(withTtl.map((table) => table.suffix)).toEqual(
      expect.arrayContaining(['slack-sessions', 'idempotency', 'sealed-outputs']),
    );
    for (const table of withTtl) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `${config.tablePrefix}-${table.suffix}`,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      });
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: `${config.tablePrefix}-audit`,
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byDay' })],
    });
  });

  it('routes the request API, the Slack routes and the event streams', () => {
    const { template, stack } = stage(name);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routes.sort()).toEqual(
      ['$default', ...SLACK_ROUTES.map((route) => `${route.method} ${route.path}`)].sort(),
    );
    template.hasResourceProperties('AWS::Lambda::Url', {
      InvokeMode: 'RESPONSE_STREAM',
      TargetFunctionArn: { 'Fn::GetAtt': [logicalId(stage(name), 'api-stream'), 'Arn'] },
    });
    // Every integration is one of our functions: API Gateway proxies nowhere else.
    const integrations = Object.values(template.findResources('AWS::ApiGatewayV2::Integration'));
    expect(integrations.map((integration) => integration.Properties.IntegrationType)).toEqual(
      integrations.map(() => 'AWS_PROXY'),
    );
    // Streams end before API Gateway's 30 s limit behind it, and stream 14 minutes from the URL.
    const streamFor = (fn: string) =>
      template.toJSON().Resources[logicalId(stage(name), fn)].Properties.Environment.Variables
        .API_STREAM_MAX_SECONDS;
    expect(streamFor('api')).toBe('25');
    expect(streamFor('api-stream')).toBe('840');
    expect(stack.functions['slack-gateway']).toBeDefined();
  });

  it('alarms on function errors and throttles, failed and timed-out runs, table throttles', () => {
    const { template, stack } = stage(name);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const metricNames = alarms.map((alarm) => alarm.Properties.MetricName).filter(Boolean);
    const functionCount = Object.keys(stack.functions).length;
    expect(metricNames.filter((metric) => metric === 'Errors')).toHaveLength(functionCount);
    expect(metricNames.filter((metric) => metric === 'Throttles')).toHaveLength(functionCount);
    expect(metricNames).toContain('ExecutionsFailed');
    expect(metricNames).toContain('ExecutionsTimedOut');
    const tableAlarms = alarms.filter((alarm) =>
      JSON.stringify(alarm.Properties.Metrics ?? []).includes('WriteThrottleEvents'),
    );
    expect(tableAlarms).toHaveLength(Object.keys(TABLES).length);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([
        { Ref: expect.stringMatching(/^MessagingAlarms/) },
      ]);
    }
  });
});

describe('an existing VPC', () => {
  it('runs the functions in the private subnets it names, with no VPC of its own', async () => {
    // Prepare
    const subnets = ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'];
    // Act
    const synthesized = await synthesizeStage({
      ...staging,
      vpc: {
        mode: 'existing',
        vpcId: 'vpc-0123abcd',
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        privateSubnetIds: subnets,
      },
    });
    // Assess
    synthesized.template.resourceCountIs('AWS::EC2::VPC', 0);
    synthesized.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: 'vpc-0123abcd',
    });
    const functions = Object.values(synthesized.template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBe(Object.keys(synthesized.stack.functions).length);
    for (const fn of functions) expect(fn.Properties.VpcConfig.SubnetIds).toEqual(subnets);
  });
});
