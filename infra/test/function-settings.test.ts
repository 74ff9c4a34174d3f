import { parseApiConfig } from '@agentcore/service-api';
import { parseNotifierConfig } from '@agentcore/service-completion-notifier';
import { parseDecisionSweeperConfig } from '@agentcore/service-decision-sweeper';
import { parseDirectInvokeConfig } from '@agentcore/service-direct-invoke';
import { parseExecuteConfig } from '@agentcore/service-execute';
import { BOT_SCOPES, parseGatewayConfig } from '@agentcore/service-slack-gateway';
import { parseWorkflowStepsConfig } from '@agentcore/service-workflow-steps';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../config/index.js';
import { prod } from '../config/prod.js';
import { type SynthesizedStage, synthesizeStage } from './support/synth.js';

type Env = Record<string, string>;

/** Each function's own configuration parser: what it reads at cold start. */
const PARSERS: Record<FunctionName, (env: Env) => unknown> = {
  api: parseApiConfig,
  'api-stream': parseApiConfig,
  'workflow-steps': parseWorkflowStepsConfig,
  execute: parseExecuteConfig,
  'completion-notifier': parseNotifierConfig,
  'decision-sweeper': parseDecisionSweeperConfig,
  'direct-invoke': parseDirectInvokeConfig,
  'slack-gateway': parseGatewayConfig,
};

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

let stage: SynthesizedStage;

beforeAll(async () => {
  // prod with the optional settings on, so their wiring is checked too.
  stage = await synthesizeStage({
    ...prod,
    slackApprovalsChannel: 'C0APPROVALS',
    integrations: {
      googleAdmin: { subject: 'admin@example.com' },
      jira: {
        baseUrl: 'https://example.atlassian.net',
        email: 'ops@example.com',
        apiTokenSecretName: 'agentcore-prod/jira-token',
      },
    },
  });
}, 180_000);

/** What CloudFormation makes of a template value at deploy time, with plausible ids. */
function deployed(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, unknown>;
  if ('Ref' in intrinsic) {
    const ref = String(intrinsic.Ref);
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': REGION,
      'AWS::AccountId': ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (pseudo[ref]) return pseudo[ref];
    const type = stage.json.Resources[ref]?.Type;
    if (type === 'AWS::SecretsManager::Secret')
      return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${ref}-AbCdEf`;
    if (type === 'AWS::SNS::Topic') return `arn:aws:sns:${REGION}:${ACCOUNT}:${ref}`;
    if (type === 'AWS::ApiGatewayV2::Api') return 'a1b2c3d4e5';
    throw new Error(`no deploy-time value for a Ref to ${ref} (${type})`);
  }
  if ('Fn::GetAtt' in intrinsic) {
    const [, attribute] = intrinsic['Fn::GetAtt'] as [string, string];
    if (attribute === 'GuardrailId') return 'abcd1234efgh';
    if (attribute === 'Version') return '1';
    throw new Error(`no deploy-time value for GetAtt ${attribute}`);
  }
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(deployed).join(separator);
  }
  throw new Error(`no deploy-time value for ${JSON.stringify(value)}`);
}

/** A function's environment variables as the template holds them (intrinsics included). */
function variablesOf(name: string): Record<string, unknown> {
  const fn = stage.stack.functions[name as FunctionName];
  if (!fn) throw new Error(`no function ${name}`);
  const resource =
    stage.json.Resources[stage.stack.getLogicalId(fn.function.node.defaultChild as never)];
  const environment = resource?.Properties?.Environment as
    | { Variables: Record<string, unknown> }
    | undefined;
  if (!environment) throw new Error(`${name} has no environment`);
  return environment.Variables;
}

function environmentOf(name: FunctionName): Env {
  const variables = variablesOf(name);
  // The Lambda runtime sets AWS_REGION itself.
  return {
    AWS_REGION: REGION,
    ...Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, deployed(value)])),
  };
}

describe('each function gets the settings its own config.ts reads', () => {
  it.each(Object.keys(PARSERS) as FunctionName[])('%s accepts its deployed environment', (name) => {
    // Prepare
    const env = environmentOf(name);
    // Act / Assess: the function's own parser, as at cold start.
    expect(() => PARSERS[name](env)).not.toThrow();
  });

  it('gives every function that writes audit the keyring, and the workflow’s callers its ARN', () => {
    for (const name of [
      'api',
      'workflow-steps',
      'execute',
      'decision-sweeper',
      'direct-invoke',
      'slack-gateway',
    ] as const) {
      expect(environmentOf(name).AUDIT_KEY_SECRET_ARN, name).toMatch(/^arn:aws:secretsmanager:/);
    }
    for (const name of ['api', 'direct-invoke', 'slack-gateway'] as const) {
      expect(environmentOf(name).STATE_MACHINE_ARN).toBe(
        `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${prod.tablePrefix}-workflow`,
      );
    }
  });

  it('connects every function that posts to Slack, and only those', () => {
    for (const name of Object.keys(PARSERS) as FunctionName[]) {
      const env = environmentOf(name);
      const posts = ['workflow-steps', 'completion-notifier', 'slack-gateway'].includes(name);
      expect(env.SLACK_SECRET_ARN !== undefined, name).toBe(posts);
      expect(env.SLACK_APPROVALS_CHANNEL, name).toBe(posts ? 'C0APPROVALS' : undefined);
    }
  });

  it('names the sealing secret, never its value, to the functions that seal or deliver, and lets only them read it', () => {
    const sealing = stage.stack.getLogicalId(
      stage.stack.node.findChild('Secrets').node.findChild('SealedOutputKey').node
        .defaultChild as never,
    );
    const holders: string[] = [];
    for (const name of Object.keys(stage.stack.functions)) {
      const variables = variablesOf(name);
      expect(variables.SEALED_OUTPUT_SECRET, name).toBeUndefined();
      if (variables.SEALED_OUTPUT_SECRET_ARN === undefined) continue;
      holders.push(name);
      expect(variables.SEALED_OUTPUT_SECRET_ARN).toEqual({ Ref: sealing });
    }
    expect(holders.sort()).toEqual(['api', 'api-stream', 'completion-notifier', 'execute']);
  });

  it('resolves no secret into the template: functions read secrets by name at run time', () => {
    expect(JSON.stringify(stage.json)).not.toContain('{{resolve:secretsmanager');
  });

  it('configures the built-in servers where tools are listed or called, keys only where called', () => {
    const googleSecret = stage.stack.getLogicalId(
      stage.stack.node.findChild('Secrets').node.findChild('GoogleServiceAccount').node
        .defaultChild as never,
    );
    const withTools = ['api', 'api-stream', 'workflow-steps', 'execute', 'slack-gateway'];
    const keyReaders: string[] = [];
    const tokenReaders: string[] = [];
    for (const name of Object.keys(PARSERS) as FunctionName[]) {
      // Prepare
      const variables = variablesOf(name);
      const fn = stage.stack.functions[name];
      const policy = JSON.stringify(
        stage.json.Resources[
          stage.stack.getLogicalId(
            fn?.role.node.findChild('DefaultPolicy').node.defaultChild as never,
          )
        ],
      );
      // Assess
      const has = withTools.includes(name);
      expect(variables.GOOGLE_ADMIN_SUBJECT, name).toBe(has ? 'admin@example.com' : undefined);
      expect(variables.GOOGLE_SERVICE_ACCOUNT_SECRET_ID, name).toEqual(
        has ? { Ref: googleSecret } : undefined,
      );
      expect(variables.JIRA_API_TOKEN, name).toBeUndefined();
      expect(variables.JIRA_API_TOKEN_SECRET_ID, name).toBe(
        has ? 'agentcore-prod/jira-token' : undefined,
      );
      if (policy.includes(`"Ref":"${googleSecret}"`)) keyReaders.push(name);
      if (policy.includes(':secret:agentcore-prod/jira-token-??????')) tokenReaders.push(name);
    }
    expect(keyReaders.sort()).toEqual(['execute', 'workflow-steps']);
    expect(tokenReaders.sort()).toEqual(['execute', 'workflow-steps']);
  });
});

describe('the Slack app manifest output', () => {
  it('points Slack at the deployed routes and subscribes only to events its scopes allow', () => {
    // Prepare
    const output = stage.json as unknown as { Outputs: Record<string, { Value: unknown }> };
    const manifest = JSON.parse(deployed(output.Outputs.SlackAppManifest?.Value)) as {
      oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
      settings: {
        event_subscriptions: { request_url: string; bot_events: string[] };
        interactivity: { request_url: string };
      };
    };
    // Assess
    const api = /^https:\/\/[A-Za-z0-9]+\.execute-api\.eu-west-1\.amazonaws\.com\//;
    expect(manifest.settings.event_subscriptions.request_url).toMatch(
      new RegExp(`${api.source}slack/events$`),
    );
    expect(manifest.settings.interactivity.request_url).toMatch(
      new RegExp(`${api.source}slack/interactivity$`),
    );
    expect(manifest.oauth_config.redirect_urls).toEqual([
      expect.stringMatching(new RegExp(`${api.source}slack/oauth/callback$`)),
    ]);
    const scopes = manifest.oauth_config.scopes.bot;
    expect(scopes).toEqual([...BOT_SCOPES]);
    const needs: Record<string, string> = {
      app_mention: 'app_mentions:read',
      'message.channels': 'channels:history',
      'message.groups': 'groups:history',
      'message.im': 'im:history',
    };
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      expect(scopes, event).toContain(needs[event]);
    }
  });
});
